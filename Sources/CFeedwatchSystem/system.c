#include "feedwatch_system.h"
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <malloc.h>

int fw_release_free_memory(void) {
    return malloc_trim(0);
}

int fw_sd_notify_send(const char *socket_path, const char *message) {
    struct sockaddr_un addr;
    size_t path_len = strlen(socket_path);
    if (path_len < 2 || path_len >= sizeof(addr.sun_path)) return -EINVAL;
    if (socket_path[0] != '/' && socket_path[0] != '@') return -EAFNOSUPPORT;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, socket_path, path_len);
    if (socket_path[0] == '@') addr.sun_path[0] = 0; /* abstract namespace */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -errno;
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + path_len);
    ssize_t sent = sendto(fd, message, strlen(message), MSG_NOSIGNAL, (struct sockaddr *)&addr, len);
    int err = sent < 0 ? -errno : 0;
    close(fd);
    return err;
}

int fw_resolve_host(const char *host, char *out, size_t out_len) {
    struct addrinfo hints, *res = NULL, *p;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    int rc = getaddrinfo(host, NULL, &hints, &res);
    if (rc != 0) return rc < 0 ? rc : -rc;
    int count = 0;
    size_t used = 0;
    if (out_len > 0) out[0] = 0;
    for (p = res; p != NULL; p = p->ai_next) {
        char text[INET6_ADDRSTRLEN];
        const void *src = NULL;
        if (p->ai_family == AF_INET) src = &((struct sockaddr_in *)p->ai_addr)->sin_addr;
        else if (p->ai_family == AF_INET6) src = &((struct sockaddr_in6 *)p->ai_addr)->sin6_addr;
        else continue;
        if (!inet_ntop(p->ai_family, src, text, sizeof(text))) continue;
        size_t n = strlen(text);
        if (used + n + 2 > out_len) break;
        memcpy(out + used, text, n);
        used += n;
        out[used++] = '\n';
        out[used] = 0;
        count++;
    }
    freeaddrinfo(res);
    return count;
}

int fw_numeric_host(const char *host, char *out, size_t out_len) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    if (out_len > 0) out[0] = 0;
    if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL) return 0;
    const void *src = NULL;
    if (res->ai_family == AF_INET) src = &((struct sockaddr_in *)res->ai_addr)->sin_addr;
    else if (res->ai_family == AF_INET6) src = &((struct sockaddr_in6 *)res->ai_addr)->sin6_addr;
    int ok = src != NULL && out_len > 0 && inet_ntop(res->ai_family, src, out, (socklen_t)out_len) != NULL;
    freeaddrinfo(res);
    if (!ok && out_len > 0) out[0] = 0;
    return ok ? 1 : 0;
}
