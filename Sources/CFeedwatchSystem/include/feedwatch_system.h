#ifndef FEEDWATCH_SYSTEM_H
#define FEEDWATCH_SYSTEM_H
/* The few system calls the Watcher needs that take raw socket structures, kept in C so that
   Swift code outside LibXML never handles pointers. */
#include <stddef.h>

/* Sends one sd_notify datagram to `socket_path` ("/run/..." or "@abstract"). 0 on success, -errno on failure. */
int fw_sd_notify_send(const char *socket_path, const char *message);

/* Resolves `host` with getaddrinfo and writes its addresses as text, one per line, into `out`
   (NUL-terminated, truncated at `out_len`). Returns the number of addresses, or a negative
   getaddrinfo error code. */
int fw_resolve_host(const char *host, char *out, size_t out_len);

/* Parses `host` as a numeric address the way the system's getaddrinfo does (AI_NUMERICHOST:
   dotted quads, but also `127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`, every IPv6 form) and
   writes the address in canonical text (inet_ntop) into `out`. Returns 1, or 0 when `host` is
   not an address (a name to be resolved). Never touches the network. */
int fw_numeric_host(const char *host, char *out, size_t out_len);

/* Returns freed heap pages to the system (glibc malloc_trim), so an idle daemon stays small. */
int fw_release_free_memory(void);

#endif
