/*
 * Levelled logging to one file per process, never to the terminal:
 * $WARROOM_LOG_DIR, else $XDG_STATE_HOME/warroom, else
 * ~/.local/state/warroom, as warroom-<role>-<pid>.log (mode 0600).
 * The level is checked before anything is formatted.
 */
#ifndef WR_LOG_H
#define WR_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

extern int log_level_now;

/* Role names the file (attach, watch, ingest, cli); level from -v. */
void	 log_init(const char *role, enum log_level);
/* Opens the file if needed; returns its descriptor or -1. */
int	 log_fd(void);
const char *log_path(void);
void	 log_close(void);
/* Number of warnings and errors written so far (for "N warnings"). */
unsigned log_warnings(void);
void	 log_write(enum log_level, const char *func, const char *fmt, ...)
	     __attribute__((format(printf, 3, 4)));

#define log_at(lvl, ...) do {						\
	if ((lvl) <= log_level_now)					\
		log_write((lvl), __func__, __VA_ARGS__);		\
} while (0)
#define log_error(...)	log_at(LOG_ERROR, __VA_ARGS__)
#define log_warn(...)	log_at(LOG_WARN, __VA_ARGS__)
#define log_info(...)	log_at(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_at(LOG_DEBUG, __VA_ARGS__)

#endif
