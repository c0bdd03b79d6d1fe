/// Character classes with an ASCII fast path. `Unicode.Scalar.Properties` looks every scalar up
/// in the standard library's property tables, which was a quarter of the analyser's time; news
/// text is mostly ASCII, where the answer is a comparison. Outside ASCII the tables decide.
extension Unicode.Scalar {
    /// `properties.isUppercase`, answered at once for ASCII.
    @inline(__always) var fastIsUppercase: Bool {
        value < 0x80 ? (value &- 0x41) < 26 : properties.isUppercase
    }

    /// `properties.isLowercase`, answered at once for ASCII.
    @inline(__always) var fastIsLowercase: Bool {
        value < 0x80 ? (value &- 0x61) < 26 : properties.isLowercase
    }

    /// `properties.isAlphabetic`, answered at once for ASCII.
    @inline(__always) var fastIsAlphabetic: Bool {
        value < 0x80 ? ((value | 0x20) &- 0x61) < 26 : properties.isAlphabetic
    }

    /// `properties.isWhitespace`, answered at once for ASCII (tab to carriage return, space).
    @inline(__always) var fastIsWhitespace: Bool {
        value < 0x80 ? value == 0x20 || (value &- 0x09) < 5 : properties.isWhitespace
    }
}
