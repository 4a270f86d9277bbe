/*
 * The action table, the default bindings, key names (for help and for
 * the test scripts) and reading a key with the ESC fallback.
 */
#include "tui/keys.h"

#include <stdio.h>
#include <string.h>

#include "core/timeutil.h"
#include "core/util.h"
#include "tui/curses.h"

const struct keys_action_info keys_actions[] = {
#define KEYS_ROW(id, n, f, h) { ACT_##id, (n), (f), (h) },
	KEYS_ACTIONS(KEYS_ROW)
#undef KEYS_ROW
	{ ACT_NONE, NULL, 0, NULL }
};

#define CTRL(c) ((c) & 0x1f)

/* The defaults; one line per binding, in help order. */
const struct key_binding keys_global[] = {
	{ KEY_UP, ACT_UP },		{ 'k', ACT_UP },
	{ KEY_DOWN, ACT_DOWN },		{ 'j', ACT_DOWN },
	{ KEY_PPAGE, ACT_PAGE_UP },	{ CTRL('b'), ACT_PAGE_UP },
	{ KEY_NPAGE, ACT_PAGE_DOWN },	{ CTRL('f'), ACT_PAGE_DOWN },
	{ KEY_HOME, ACT_TOP },		{ 'g', ACT_TOP },
	{ KEY_END, ACT_BOTTOM },	{ 'G', ACT_BOTTOM },
	{ '\t', ACT_NEXT_PANE },	{ KEY_BTAB, ACT_PREV_PANE },
	{ '\r', ACT_DETAIL },		{ '\n', ACT_DETAIL },
	{ KEY_ENTER, ACT_DETAIL },	{ ' ', ACT_TICK },
	{ '>', ACT_PHASE_NEXT },	{ '<', ACT_PHASE_BACK },
	{ '?', ACT_HELP },		{ 27, ACT_BACK },
	{ 'n', ACT_NOTIFY },		{ 'N', ACT_NOTE },
	{ 'c', ACT_CONTAIN },		{ 'A', ACT_APPROVE },
	{ KEY_LEFT, ACT_BACK },		{ KEY_BACKSPACE, ACT_BACK },
	{ CTRL('l'), ACT_REDRAW },	{ 'q', ACT_QUIT },
	{ 0, 0 }
};

static const struct {
	int		 key;
	const char	*name;
} keys_names[] = {
	{ KEY_UP, "Up" }, { KEY_DOWN, "Down" }, { KEY_LEFT, "Left" },
	{ KEY_RIGHT, "Right" }, { KEY_PPAGE, "PgUp" }, { KEY_NPAGE, "PgDn" },
	{ KEY_HOME, "Home" }, { KEY_END, "End" }, { '\t', "Tab" },
	{ KEY_BTAB, "S-Tab" }, { '\r', "Enter" }, { '\n', "^J" },
	{ KEY_ENTER, "KpEnter" }, { ' ', "Space" }, { 27, "Esc" },
	{ KEY_BACKSPACE, "Backspace" }, { KEY_RESIZE, "Resize" },
	{ 0, NULL }
};

const struct keys_action_info *
keys_action(int id)
{
	const struct keys_action_info *a;

	for (a = keys_actions; a->name != NULL; a++) {
		if (a->id == id)
			return (a);
	}
	return (NULL);
}

static int
keys_find(const struct key_binding *map, int key)
{
	for (; map != NULL && map->key != 0; map++) {
		if (map->key == key)
			return (map->action);
	}
	return (ACT_NONE);
}

int
keys_lookup(const struct key_binding *map, int key)
{
	int act = keys_find(map, key);

	return (act != ACT_NONE ? act : keys_find(keys_global, key));
}

char *
keys_name(int key, char *buf, size_t len)
{
	int i;

	for (i = 0; keys_names[i].name != NULL; i++) {
		if (keys_names[i].key == key) {
			snprintf(buf, len, "%s", keys_names[i].name);
			return (buf);
		}
	}
	if (key > 0 && key < 0x20)
		snprintf(buf, len, "^%c", key + 0x40);
	else if (key > 0x20 && key < 0x7f)
		snprintf(buf, len, "%c", key);
	else
		snprintf(buf, len, "<%d>", key);
	return (buf);
}

int
keys_parse(const char *name)
{
	int i;

	for (i = 0; keys_names[i].name != NULL; i++) {
		if (strcmp(keys_names[i].name, name) == 0)
			return (keys_names[i].key);
	}
	if (name[0] == '^' && name[1] >= '@' && name[1] <= '_' &&
	    name[2] == '\0')
		return (name[1] - 0x40);
	if (name[0] > 0x20 && name[0] < 0x7f && name[1] == '\0')
		return (name[0]);
	return (-1);
}

int
keys_for(const struct key_binding *map, int action, char *buf, size_t len)
{
	char one[16];
	size_t o = 0;
	int n = 0;

	buf[0] = '\0';
	for (; map != NULL && map->key != 0; map++) {
		if (map->action != action)
			continue;
		keys_name(map->key, one, sizeof one);
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s",
		    n > 0 ? "/" : "", one);
		if (o >= len)
			break;
		n++;
	}
	return (n);
}

/* The final byte of a CSI or SS3 sequence as a curses key. */
static int
keys_final(int c, int param)
{
	switch (c) {
	case 'A':
		return (KEY_UP);
	case 'B':
		return (KEY_DOWN);
	case 'C':
		return (KEY_RIGHT);
	case 'D':
		return (KEY_LEFT);
	case 'H':
		return (KEY_HOME);
	case 'F':
		return (KEY_END);
	case 'Z':
		return (KEY_BTAB);
	case '~':
		return (param == 5 ? KEY_PPAGE : param == 6 ? KEY_NPAGE :
		    param == 1 ? KEY_HOME : param == 4 ? KEY_END : ERR);
	default:
		return (ERR);
	}
}

/*
 * After ESC and "[" or "O": read parameters up to the final byte,
 * allowing a little time for each, since the sequence is known to be
 * on its way.  Unknown sequences are swallowed.
 */
static int
keys_sequence(void)
{
	int c, param = 0, n = 0;

	wtimeout(stdscr, 100);
	while ((c = wgetch(stdscr)) != ERR && n++ < 16) {
		if (c >= '0' && c <= '9') {
			param = param * 10 + (c - '0');
			continue;
		}
		if (c >= 0x40 && c <= 0x7e)
			break;
	}
	nodelay(stdscr, TRUE);
	return (c == ERR ? ERR : keys_final(c, param));
}

/* When a held-back bare ESC is due (real ms), or 0. */
static int64_t	keys_esc_at;

/* A held-back ESC: a sequence after all, another key, or time is up. */
static int
keys_held(int c)
{
	if (c == '[' || c == 'O') {
		keys_esc_at = 0;
		return (keys_sequence());
	}
	if (c != ERR) {
		ungetch(c);
		keys_esc_at = 0;
		return (27);
	}
	if (time_real_ms() >= keys_esc_at) {
		keys_esc_at = 0;
		return (27);
	}
	return (ERR);
}

int
keys_read(void)
{
	int c, next;

	nodelay(stdscr, TRUE);
	c = wgetch(stdscr);
	if (keys_esc_at != 0)
		return (keys_held(c));
	if (c != 27)
		return (c);
	if ((next = wgetch(stdscr)) == '[' || next == 'O')
		return (keys_sequence());
	if (next != ERR) {
		ungetch(next);
		return (27);
	}
	/*
	 * A bare ESC with a short ESCDELAY may be the first half of an
	 * arrow split by a slow link: hold it back briefly (BR-27).
	 */
	if (get_escdelay() >= KEYS_ESC_GRACE_MS)
		return (27);
	/* curses already waited ESCDELAY: make up the rest. */
	keys_esc_at = time_real_ms() + KEYS_ESC_GRACE_MS - get_escdelay();
	return (ERR);
}

int
keys_esc_ms(void)
{
	int d = get_escdelay();

	return (d > KEYS_ESC_GRACE_MS ? d : KEYS_ESC_GRACE_MS);
}

int
keys_wait_ms(void)
{
	int64_t left;

	if (keys_esc_at == 0)
		return (-1);
	left = keys_esc_at - time_real_ms();
	return (left < 0 ? 0 : (int)left);
}
