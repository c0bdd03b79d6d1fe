#ifndef FEEDWATCH_CLIBXML2_SHIM_H
#define FEEDWATCH_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; its encoding.h then pulls in <unicode/ucnv.h>, whose
   UErrorCode clashes with Foundation's _FoundationICU. We never touch the ICU fields. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlreader.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/encoding.h>
#include <libxml/entities.h>

/* glibc's memmem (a GNU extension the Glibc module does not export), for fast byte searches. */
extern void *memmem(const void *haystack, size_t haystacklen, const void *needle, size_t needlelen);
static inline const void *fw_memmem(const void *h, size_t hl, const void *n, size_t nl) { return memmem(h, hl, n, nl); }

/* xmlFree is a global function pointer (a mutable global to Swift 6): wrap it. */
static inline void fw_xmlFree(void *p) { xmlFree(p); }

/* An external entity loader that refuses everything: no file, no network. */
static inline xmlParserInputPtr fw_deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{ (void)url; (void)id; (void)ctxt; return NULL; }

static inline void fw_silent_generic(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void fw_silent_structured(void *ctx, xmlErrorPtr err) { (void)ctx; (void)err; }

/* Process-wide, once: initialise, refuse external entities, keep stderr quiet. */
static inline void fw_libxml_init(void) {
    xmlInitParser();
    xmlSetExternalEntityLoader(fw_deny_loader);
    xmlSetGenericErrorFunc(NULL, fw_silent_generic);
    xmlSetStructuredErrorFunc(NULL, fw_silent_structured);
}

/* Per-thread: libxml2's error handlers are thread-local, so set them on the calling thread too. */
static inline void fw_libxml_quiet_thread(void) {
    xmlSetGenericErrorFunc(NULL, fw_silent_generic);
    xmlSetStructuredErrorFunc(NULL, fw_silent_structured);
}

#endif
