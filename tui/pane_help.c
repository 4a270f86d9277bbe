/*
 * The help overlay, generated from the action table and the key maps
 * (tui/keys.c): every action with its keys and its help text, then the
 * keys that only some panes bind.  Nothing here is written by hand, so
 * the help cannot drift from the bindings.
 */
#include "tui/ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tui/curses.h"

#define HELP_TEXT_COL	28	/* where the text beside the keys starts */

struct help_line {
	char	keys[48];
	char	text[160];
	int	heading;
};

struct help_pane {
	struct help_line	lines[64];
	int			n;
};

static const struct pane_ops *const help_panes[] = {
	&findings_pane_ops, &checklist_pane_ops, &detail_pane_ops,
	&contain_pane_ops, NULL
};

static void *
help_open(struct ui *ui, const void *arg)
{
	(void)ui;
	(void)arg;
	return (xcalloc(1, sizeof (struct help_pane)));
}

/*
 * A line of help, its text broken at spaces into lines of at most width
 * columns (what is left of the screen beside the keys), the keys on the
 * first only.
 */
static void
help_add(struct help_pane *hp, int heading, const char *keys,
    const char *text, int width)
{
	struct help_line *h;
	size_t len, cut, w = width > 20 ? (size_t)width : 20;

	do {
		if (hp->n == (int)(sizeof hp->lines / sizeof hp->lines[0]))
			return;
		h = &hp->lines[hp->n++];
		h->heading = heading;
		snprintf(h->keys, sizeof h->keys, "%s", keys);
		len = strlen(text);
		cut = len;
		if (cut > w) {
			cut = w;
			while (cut > w / 2 && text[cut] != ' ')
				cut--;
			if (text[cut] != ' ')
				cut = w;
		}
		snprintf(h->text, sizeof h->text, "%.*s", (int)cut, text);
		text += cut;
		while (*text == ' ')
			text++;
		keys = "";
	} while (*text != '\0');
}

/* The keys one pane binds itself. */
static void
help_pane_keys(struct help_pane *hp, const struct pane_ops *ops, int width)
{
	const struct keys_action_info *a;
	char keys[48], text[160];

	if (ops->keys == NULL)
		return;
	for (a = keys_actions; a->name != NULL; a++) {
		if (keys_for(ops->keys, a->id, keys, sizeof keys) == 0)
			continue;
		snprintf(text, sizeof text, "%s (in %s)", a->help, ops->name);
		help_add(hp, 0, keys, text, width);
	}
}

static int
help_refresh(void *st, struct ui *ui)
{
	struct help_pane *hp = st;
	const struct keys_action_info *a;
	char keys[48], text[160];
	int i, cols, width, hwidth;

	/*
	 * The keys' column is HELP_TEXT_COL wide; a heading starts at 1.
	 * No screen yet (cols 0): nothing is broken.
	 */
	cols = ui->cols > 0 ? ui->cols : 1000;
	width = cols - HELP_TEXT_COL - 1;
	hwidth = cols - 2;
	hp->n = 0;
	help_add(hp, 1, "", "Keys", hwidth);
	for (a = keys_actions; a->name != NULL; a++) {
		if (keys_for(keys_global, a->id, keys, sizeof keys) == 0)
			continue;
		snprintf(text, sizeof text, "%s%s", a->help,
		    (a->flags & ACTF_COMMANDER) ? " (commander)" : "");
		help_add(hp, 0, keys, text, width);
	}
	help_add(hp, 1, "", "", hwidth);
	help_add(hp, 1, "", "Keys of some panes", hwidth);
	for (i = 0; help_panes[i] != NULL; i++)
		help_pane_keys(hp, help_panes[i], width);
	help_add(hp, 1, "", "", hwidth);
	snprintf(text, sizeof text, "Esc acts after %d ms (ESCDELAY=%d, "
	    "at least %d)", keys_esc_ms(), get_escdelay(), KEYS_ESC_GRACE_MS);
	help_add(hp, 1, "", text, hwidth);
	help_add(hp, 1, "", "Escaped text (^[ <U+202E> \\xff) is shown in "
	    "its own colour.  Esc or q closes this help.", hwidth);
	return (hp->n);
}

static void
help_draw(void *st, struct ui *ui, int n, struct ui_line *l)
{
	struct help_pane *hp = st;
	struct help_line *h = &hp->lines[n];

	(void)ui;
	if (h->heading) {
		uiline_addf(l, ROLE_LABEL, " %s", h->text);
		return;
	}
	uiline_add(l, ROLE_NORMAL, "   ");
	uiline_add(l, ROLE_KEY, h->keys);
	uiline_pad(l, HELP_TEXT_COL);
	uiline_add(l, ROLE_NORMAL, h->text);
}

static int
help_selectable(void *st, int n)
{
	(void)st;
	(void)n;
	return (0);
}

static void
help_done(void *st)
{
	free(st);
}

static const struct key_binding help_keys[] = {
	{ 'q', ACT_BACK },
	{ '?', ACT_BACK },
	{ 0, 0 }
};

const struct pane_ops help_pane_ops = {
	.name = "help",
	.title = "Help",
	.watch = 0,
	.open = help_open,
	.refresh = help_refresh,
	.draw_line = help_draw,
	.selectable = help_selectable,
	.done = help_done,
	.keys = help_keys,
};
