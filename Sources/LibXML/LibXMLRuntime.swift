import CLibXML2

/// Process-wide libxml2 set-up done exactly once, before any parse: initialise the library,
/// install an external-entity loader that refuses everything, and silence libxml2's own
/// error printing (errors come back as Swift values instead).
enum LibXMLRuntime {
    private static let initialized: Void = { fw_libxml_init() }()

    /// Call at the start of every public entry point. Cheap after the first call.
    static func prepare() {
        _ = initialized
        // Error handlers are thread-local in libxml2; make sure this thread is quiet too.
        fw_libxml_quiet_thread()
        xmlSetExternalEntityLoader(fw_deny_loader)
    }
}
