/*
 * Lines as runs of text tagged with theme roles.  Panes build them; the
 * frame draws them.  Untrusted text enters only through uiline_safe(),
 * which splits it with safe_walk() so escapes get their own role.
 * Widths use core/safe.c's measure, the same one the reports use.
 */
#include "tui/ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/safe.h"

void
uiline_init(struct ui_line *l)
{
	l->len = 0;
	l->nruns = 0;
	l->role = ROLE_NORMAL;
	l->cols = 0;
	l->text[0] = '\0';
}

/* Bytes of the UTF-8 character starting with c (text here is valid). */
static size_t
uiline_charlen(unsigned char c)
{
	if (c < 0xc0)
		return (1);
	if (c < 0xe0)
		return (2);
	if (c < 0xf0)
		return (3);
	return (4);
}

/* How many bytes of s[0..len) fit in maxcols columns; *cols gets them. */
static size_t
uiline_fit(const char *s, size_t len, size_t maxcols, size_t *cols)
{
	size_t i = 0, w = 0, n, cw;

	while (i < len) {
		n = uiline_charlen((unsigned char)s[i]);
		if (i + n > len)
			break;
		cw = safe_width(s + i, n);
		if (w + cw > maxcols)
			break;
		w += cw;
		i += n;
	}
	*cols = w;
	return (i);
}

static void
uiline_put(struct ui_line *l, int role, const char *s, size_t n)
{
	struct ui_run *r;
	size_t room = sizeof l->text - 1 - l->len, cols;

	if (n == 0 || room == 0)
		return;
	n = uiline_fit(s, n, room, &cols);	/* room in bytes >= cols */
	if (n == 0)
		return;
	r = l->nruns > 0 ? &l->runs[l->nruns - 1] : NULL;
	if (r == NULL || r->role != role) {
		if (l->nruns == UI_LINE_RUNS)
			return;
		r = &l->runs[l->nruns++];
		r->role = role;
		r->off = l->len;
		r->len = 0;
	}
	memcpy(l->text + l->len, s, n);
	l->len += n;
	l->text[l->len] = '\0';
	r->len += n;
	l->cols += cols;
}

void
uiline_add(struct ui_line *l, int role, const char *s)
{
	if (s != NULL)
		uiline_put(l, role, s, strlen(s));
}

void
uiline_addf(struct ui_line *l, int role, const char *fmt, ...)
{
	char tmp[UI_LINE_TEXT];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	uiline_put(l, role, tmp, strlen(tmp));
}

struct uiline_safe_arg {
	struct ui_line	*l;
	int		 role;
};

static void
uiline_safe_run(const char *run, size_t n, int escaped, void *arg)
{
	struct uiline_safe_arg *a = arg;

	uiline_put(a->l, escaped ? ROLE_ESCAPED : a->role, run, n);
}

void
uiline_safe(struct ui_line *l, int role, const char *s, size_t len)
{
	struct uiline_safe_arg a = { l, role };

	if (s != NULL)
		safe_walk(s, len, uiline_safe_run, &a);
}

void
uiline_safes(struct ui_line *l, int role, const char *s)
{
	if (s != NULL)
		uiline_safe(l, role, s, strlen(s));
}

void
uiline_pad(struct ui_line *l, size_t col)
{
	static const char spaces[] = "                                ";
	size_t n;

	while (l->cols < col) {
		n = col - l->cols;
		if (n > sizeof spaces - 1)
			n = sizeof spaces - 1;
		uiline_put(l, ROLE_NORMAL, spaces, n);
		if (l->len == sizeof l->text - 1)
			break;
	}
}

/*
 * Keep only whole escapes of an escaped run: half of "<U+202E>" could
 * be read as another character.  Escapes are ^X, \xNN and <U+...>.
 */
static size_t
uiline_escape_boundary(const char *s, size_t len, size_t keep)
{
	size_t i = 0, n;
	const char *gt;

	while (i < len) {
		if (s[i] == '^')
			n = 2;
		else if (s[i] == '\\')
			n = 4;
		else if (s[i] == '<' && (gt = memchr(s + i, '>', len - i)) !=
		    NULL)
			n = (size_t)(gt - (s + i)) + 1;
		else
			n = 1;
		if (i + n > keep)
			break;
		i += n;
	}
	return (i);
}

void
uiline_clip(struct ui_line *l, size_t cols)
{
	size_t used = 0, w, keep;
	int i;

	if (l->cols <= cols)
		return;
	for (i = 0; i < l->nruns; i++) {
		struct ui_run *r = &l->runs[i];

		keep = uiline_fit(l->text + r->off, r->len, cols - used, &w);
		if (keep < r->len && r->role == ROLE_ESCAPED) {
			keep = uiline_escape_boundary(l->text + r->off,
			    r->len, keep);
			w = keep;	/* escapes are ASCII */
		}
		used += w;
		if (keep < r->len) {
			r->len = keep;
			l->nruns = keep > 0 ? i + 1 : i;
			l->len = r->off + keep;
			break;
		}
	}
	l->text[l->len] = '\0';
	l->cols = used;
}

char *
uiline_text(const struct ui_line *l, char *buf, size_t len)
{
	snprintf(buf, len, "%s", l->text);
	return (buf);
}
