/*
 * Allocation wrappers with one policy (report and abort, after the fatal
 * hook has restored the terminal), a growable byte buffer, hashing.
 */
#ifndef WR_UTIL_H
#define WR_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Called before any fatal message; tui/ installs endwin() here. */
void	 util_set_fatal_hook(void (*)(void));
void	 fatal(const char *fmt, ...)
	     __attribute__((format(printf, 1, 2), noreturn));

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/* Returns a newly allocated string; caller frees. */
char	*xasprintf(const char *fmt, ...)
	     __attribute__((format(printf, 1, 2)));

/* A growable buffer; `data` stays NUL-terminated (not counted in len). */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_init(struct buf *);
void	 buf_free(struct buf *);
void	 buf_reset(struct buf *);
void	 buf_reserve(struct buf *, size_t extra);
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_addc(struct buf *, char);
void	 buf_adds(struct buf *, const char *);
void	 buf_printf(struct buf *, const char *fmt, ...)
	     __attribute__((format(printf, 2, 3)));
/* Takes the string out of the buffer; caller frees, buffer is reset. */
char	*buf_steal(struct buf *);

/* 64-bit FNV-1a; stable across runs and hosts (used for row keys). */
uint64_t hash64(const void *, size_t);
/* SHA-256 of data as 64 lowercase hex digits plus NUL into out[65]. */
void	 sha256_hex(const void *, size_t, char out[65]);
void	 hex_encode(const unsigned char *, size_t, char *out);

/* strlcpy-like: always terminates, returns strlen(src). */
size_t	 strlcpy_wr(char *dst, const char *src, size_t size);
int	 str_has_prefix(const char *, const char *);
int	 str_has_suffix(const char *, const char *);
/* Shell-style glob with * and ?; case-sensitive. */
int	 str_glob(const char *pattern, const char *s);

#endif
