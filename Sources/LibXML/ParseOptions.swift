import CLibXML2

/// The libxml2 option sets feedwatch parses with, chosen for safety.
///
/// Never `XML_PARSE_NOENT` (substituting entities lets an external entity read local files
/// even with NONET), never `XML_PARSE_HUGE` (it lifts the depth, text-size and
/// entity-amplification limits), never DTDLOAD/DTDATTR/DTDVALID or XINCLUDE. Always NONET.
enum ParseOptions {
    static let xml: Int32 = Int32(bitPattern:
        XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
        | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    static let html: Int32 = Int32(bitPattern:
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
        | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue)
}
