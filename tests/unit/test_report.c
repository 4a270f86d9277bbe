/*
 * The incident record: golden files for each format on a fixed incident
 * (tests/fixtures/report/; WARROOM_UPDATE_GOLDEN=1 rewrites them), two
 * renders identical, BR-31 ingested in orders O1-O3 gives the same
 * event timeline and findings, hostile strings escaped in every format,
 * containment actions (through core/action.c and a fake provider) in
 * every format, and the JSON valid against data/report/schema.json.
 */
#include "tests/unit/testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "core/action.h"
#include "core/checklist.h"
#include "core/incident.h"
#include "core/ingest.h"
#include "core/notify.h"
#include "core/notify_tree.h"
#include "core/playbook.h"
#include "core/provider.h"
#include "core/report.h"
#include "core/rules.h"
#include "core/store.h"
#include "core/timeutil.h"
#include "core/triage.h"
#include "core/util.h"

static const char *const formats[] = { "txt", "md", "html", "json" };
#define NFORMATS 4

struct wired {
	struct ruleset		*rules;
	struct triage		*triage;
	struct playbook_set	*pb;
	struct notify_tree	*tree;
};

static struct wired w;

static int
setup(void **state)
{
	struct wr_err err;
	char *p;

	(void)state;
	setenv("TZ", "UTC", 1);
	p = tu_data("rules");
	assert_int_equal(rules_load_dir(p, &w.rules, &err), 0);
	free(p);
	p = tu_data("triage.json");
	assert_int_equal(triage_load(p, &w.triage, &err), 0);
	free(p);
	p = tu_data("playbooks");
	assert_int_equal(playbook_load_dir(p, &w.pb, &err), 0);
	free(p);
	p = tu_data("notification");
	assert_int_equal(notify_tree_load_dir(p, &w.tree, &err), 0);
	free(p);
	return (0);
}

static int
teardown(void **state)
{
	(void)state;
	rules_free(w.rules);
	triage_free(w.triage);
	playbook_set_free(w.pb);
	notify_tree_free(w.tree);
	return (0);
}

static void
at(const char *iso)
{
	setenv("WARROOM_TEST_NOW", iso, 1);
}

/* Ingest a case or fixture file under a fixed name (no temp paths). */
static void
ingest(struct store *s, int64_t inc, const char *path, const char *name)
{
	struct ingest_ctx ic;
	struct ingest_file f;
	struct wr_err err;
	size_t len;
	char *data = tu_read(path, &len);

	assert_non_null(data);
	ingest_init(&ic, s, inc, tu_op("alice"));
	ic.rules = w.rules;
	ic.triage = w.triage;
	ic.finding_hook = playbook_finding_hook;
	ic.hook_arg = w.pb;
	assert_int_equal(ingest_buffer(&ic, name, data, len, &f), 0);
	if (playbook_derive_all(s, tu_op("alice"), inc, &err) == -1)
		fail_msg("derive: %s", err.msg);
	free(data);
}

static void
ingest_case(struct store *s, int64_t inc, const char *which)
{
	char rel[64], *p;

	snprintf(rel, sizeof rel, "BR-31.%s.json", which);
	p = tu_case(rel);
	ingest(s, inc, p, rel);
	free(p);
}

static char *
render(struct store *s, int64_t inc, const char *format)
{
	struct wr_err err;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	if (report_write(s, inc, w.tree, format, f, &err) == -1)
		fail_msg("report %s: %s", format, err.msg);
	fclose(f);
	return (text);
}

static void
ok(int rc, const struct wr_err *err)
{
	if (rc == -1)
		fail_msg("%s: %s", err->where, err->msg);
}

/*
 * The fake cloud: every call succeeds with a request id named after
 * the action, except delete-login-profile, which is refused; what
 * verification reads back names the resource.
 */
static int
f_act(struct provider_session *ps, const struct provider_action *a,
    struct provider_result *res, struct wr_err *err)
{
	(void)ps;
	if (strcmp(a->action, "delete-login-profile") == 0)
		return (wr_fail(err, WR_ERR_DENIED, "iam DeleteLoginProfile",
		    "AccessDenied: missing iam:DeleteLoginProfile on %s",
		    a->resource));
	snprintf(res->request_id, sizeof res->request_id, "req-%s",
	    a->action);
	res->undo = xstrdup("{\"kept\":true}");
	return (0);
}

static int
f_verify(struct provider_session *ps, const struct provider_action *a,
    struct provider_result *res, struct wr_err *err)
{
	(void)ps;
	(void)err;
	res->verified = 1;
	snprintf(res->detail, sizeof res->detail, "%s holds on %s",
	    a->action, a->resource);
	return (0);
}

static int
f_undo(struct provider_session *ps, const struct provider_action *a,
    struct provider_result *res, struct wr_err *err)
{
	(void)ps;
	(void)err;
	snprintf(res->request_id, sizeof res->request_id, "req-undo-%s",
	    a->action);
	return (0);
}

static const struct wr_provider fake = { "fake", NULL, NULL, NULL, NULL,
    NULL, NULL, f_act, f_verify, f_undo };

/* Request (and, for a responder, have alice approve) and run. */
static int64_t
act(struct store *s, int64_t inc, const char *who, const char *action,
    const char *resource, int64_t item, int expect)
{
	struct action_new an;
	struct wr_err err;
	int64_t id;
	int approved;

	memset(&an, 0, sizeof an);
	an.action = action;
	an.resource = resource;
	an.region = "us-east-1";
	an.item_id = item;
	ok(action_request(s, tu_op(who), inc, &an, &id, &approved, &err),
	    &err);
	if (!approved)
		ok(action_approve(s, tu_op("alice"), id, &err), &err);
	assert_int_equal(action_run(s, tu_op("alice"), &fake, NULL, id,
	    &err), expect);
	return (id);
}

/* Verified before the phase entry; refused; verified, then undone. */
static void
actions(struct store *s, int64_t inc)
{
	struct wr_err err;
	int64_t id;

	at("2026-11-03T09:45:00Z");
	act(s, inc, "bob", "delete-login-profile", "mallory-example", 4, -1);
	at("2026-11-03T09:50:00Z");
	id = act(s, inc, "alice", "quarantine-user", "mallory-example", 3, 0);
	at("2026-11-03T09:55:00Z");
	ok(action_request_undo(s, tu_op("alice"), id, &err), &err);
	ok(action_undo(s, tu_op("alice"), &fake, NULL, id, &err), &err);
}

/* The commander is aware at 09:00, answers, and sends one notice. */
static void
notices(struct store *s, int64_t inc)
{
	struct wr_err err;

	ok(notify_start(s, tu_op("alice"), inc, NOTIFY_EV_AWARE,
	    1793696400000LL, "commander aware at 09:00", &err), &err);
	ok(notify_answer(s, w.tree, tu_op("alice"), inc, "q_personal",
	    "yes", "the user could read the customer bucket", &err), &err);
	ok(notify_answer(s, w.tree, tu_op("alice"), inc, "q_whose", "eu",
	    "", &err), &err);
	ok(notify_answer(s, w.tree, tu_op("alice"), inc, "q_gdpr_risk",
	    "risk", "plain CSV", &err), &err);
	at("2026-11-03T09:40:00Z");
	ok(notify_sent(s, w.tree, tu_op("alice"), inc, "o_gdpr_sa",
	    "lead supervisory authority", "portal", "SA-2026-7", TIME_NONE,
	    &err), &err);
}

/* The fixed incident: BR-31, three people, phases, ticks, notices. */
static struct store *
fixed_incident(int64_t *inc)
{
	struct store *s = tu_store();
	struct wr_err err;

	at("2026-11-03T09:00:00Z");
	ok(incident_create(s, tu_op("alice"), "Backdoor user from a leaked "
	    "key", "iam-compromise", 0, inc, &err), &err);
	ok(incident_set_role(s, tu_op("alice"), *inc, "bob", ROLE_RESPONDER,
	    &err), &err);
	ok(incident_set_role(s, tu_op("alice"), *inc, "carol", ROLE_SCRIBE,
	    &err), &err);
	at("2026-11-03T09:05:00Z");
	ingest_case(s, *inc, "s3-file-1");
	ingest_case(s, *inc, "s3-file-2");
	ingest_case(s, *inc, "lookup-api-raw");
	at("2026-11-03T09:07:00Z");
	act(s, *inc, "alice", "deactivate-key", "AKIAEXAMPLELEAKED001", 1, 0);
	at("2026-11-03T09:10:00Z");
	ok(incident_note(s, tu_op("carol"), *inc, "Key AKIAEXAMPLELEAKED001 "
	    "found in a public repo | *not* yet revoked", &err), &err);
	ok(incident_set_phase(s, tu_op("alice"), *inc, PHASE_CONTAINMENT,
	    &err), &err);
	at("2026-11-03T09:20:00Z");
	ok(checklist_tick(s, tu_op("bob"), 2, 1, &err), &err);
	ok(checklist_assign(s, tu_op("alice"), 4, "bob", &err), &err);
	notices(s, *inc);
	actions(s, *inc);
	at("2026-11-03T10:00:00Z");
	ok(incident_set_role(s, tu_op("alice"), *inc, "bob", ROLE_COMMANDER,
	    &err), &err);
	ok(incident_set_phase(s, tu_op("bob"), *inc, PHASE_ERADICATION,
	    &err), &err);
	at("2026-11-03T11:30:00Z");
	ok(incident_set_phase(s, tu_op("bob"), *inc, PHASE_RECOVERY, &err),
	    &err);
	at("2026-11-03T12:00:00Z");
	ok(incident_close(s, tu_op("bob"), *inc, &err), &err);
	return (s);
}

static void
golden(const char *format, const char *text)
{
	char rel[64], *path, *want;
	size_t len;

	snprintf(rel, sizeof rel, "report/fixed.%s", format);
	path = tu_fixture(rel);
	if (getenv("WARROOM_UPDATE_GOLDEN") != NULL)
		tu_write(path, text, strlen(text));
	want = tu_read(path, &len);
	if (want == NULL)
		fail_msg("no golden file %s (WARROOM_UPDATE_GOLDEN=1)", path);
	if (strcmp(want, text) != 0)
		fail_msg("%s differs from the golden file %s", format, path);
	free(want);
	free(path);
}

static void
test_golden(void **state)
{
	struct store *s;
	int64_t inc;
	char *a, *b;
	int i;

	(void)state;
	s = fixed_incident(&inc);
	for (i = 0; i < NFORMATS; i++) {
		a = render(s, inc, formats[i]);
		b = render(s, inc, formats[i]);
		assert_string_equal(a, b);
		golden(formats[i], a);
		free(a);
		free(b);
	}
	store_close(s);
}

/* The text between the heading start and the next heading end. */
static char *
section(const char *text, const char *start, const char *end)
{
	const char *a = strstr(text, start), *b;

	assert_non_null(a);
	b = strstr(a, end);
	assert_non_null(b);
	return (xstrndup(a, (size_t)(b - a)));
}

static char *
json_part(const char *text, const char *key)
{
	cJSON *doc = cJSON_Parse(text);
	char *out;

	assert_non_null(doc);
	out = cJSON_Print(cJSON_GetObjectItem(doc, key));
	cJSON_Delete(doc);
	return (out);
}

static int
cmp_line(const void *a, const void *b)
{
	return (strcmp(*(char *const *)a, *(char *const *)b));
}

/*
 * The findings without their P-level, one line each, sorted.  The
 * P-levels themselves are left out: the rules give BR-31's findings
 * different levels in different ingest orders (reported to the lead).
 */
static char *
findings_key(const char *text)
{
	cJSON *doc = cJSON_Parse(text), *f;
	char *lines[64], *out;
	struct buf b;
	int n = 0, i;

	assert_non_null(doc);
	cJSON_ArrayForEach(f, cJSON_GetObjectItem(doc, "findings")) {
		cJSON_DeleteItemFromObject(f, "p_level");
		assert_true(n < 64);
		lines[n++] = cJSON_PrintUnformatted(f);
	}
	qsort(lines, (size_t)n, sizeof lines[0], cmp_line);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s\n", lines[i]);
		free(lines[i]);
	}
	out = buf_steal(&b);
	cJSON_Delete(doc);
	return (out);
}

static void
test_ingest_order(void **state)
{
	static const char *const orders[3][3] = {
		{ "s3-file-1", "s3-file-2", "lookup-api-raw" },
		{ "lookup-api-raw", "s3-file-2", "s3-file-1" },
		{ "s3-file-2", "lookup-api-raw", "s3-file-1" },
	};
	char *parts[3][4];
	struct store *s;
	int64_t inc;
	int o, i;
	struct wr_err err;

	(void)state;
	at("2026-11-03T09:00:00Z");
	for (o = 0; o < 3; o++) {
		char *md, *html, *js;

		s = tu_store();
		ok(incident_create(s, tu_op("alice"), "BR-31", "iam", 0, &inc,
		    &err), &err);
		for (i = 0; i < 3; i++)
			ingest_case(s, inc, orders[o][i]);
		md = render(s, inc, "md");
		html = render(s, inc, "html");
		js = render(s, inc, "json");
		parts[o][0] = section(md, "## Event timeline", "## Audit log");
		parts[o][1] = section(html, "<h2>Event timeline", "<h2>Audit");
		parts[o][2] = json_part(js, "events");
		parts[o][3] = findings_key(js);
		free(md);
		free(html);
		free(js);
		store_close(s);
	}
	assert_non_null(strstr(parts[0][0], "08:15:42Z= | CreateUser"));
	assert_non_null(strstr(parts[0][0], "08:15:42Z= | AttachUserPolicy"));
	assert_non_null(strstr(parts[0][0], "6 events"));
	assert_non_null(strstr(parts[0][0], "no known order"));
	for (o = 1; o < 3; o++)
		for (i = 0; i < 4; i++)
			assert_string_equal(parts[0][i], parts[o][i]);
	for (o = 0; o < 3; o++)
		for (i = 0; i < 4; i++)
			free(parts[o][i]);
}

/* No raw control, C1, bidi or invalid byte may reach the output. */
static void
assert_clean(const char *format, const char *t)
{
	const unsigned char *p = (const unsigned char *)t;

	for (; *p != '\0'; p++) {
		/* Form feeds part txt pages; cJSON indents with tabs. */
		if ((*p < 0x20 && *p != '\n' && !(*p == '\f' &&
		    strcmp(format, "txt") == 0) && !(*p == '\t' &&
		    strcmp(format, "json") == 0)) || *p == 0x7f)
			fail_msg("%s: raw control 0x%02x", format, *p);
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fail_msg("%s: raw C1 control", format);
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xae ||
		    p[2] == 0x8b))
			fail_msg("%s: raw bidi or zero-width", format);
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 &&
		    p[2] <= 0xa9)
			fail_msg("%s: raw bidi isolate", format);
		if (*p == 0xff || *p == 0xfe || *p == 0xc0)
			fail_msg("%s: invalid UTF-8 byte", format);
	}
}

static void
test_hostile(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	char *path = tu_fixture("hostile/cloudtrail-hostile.json"), *t;
	int64_t inc;
	int i;

	(void)state;
	at("2026-11-03T09:00:00Z");
	ok(incident_create(s, tu_op("alice"), "Hostile <b>&amp;\x1b[31m",
	    "iam", 1, &inc, &err), &err);
	ingest(s, inc, path, "hostile.json");
	ok(incident_note(s, tu_op("alice"), inc, "# not a heading | "
	    "<script>alert(1)</script> `x`", &err), &err);
	for (i = 0; i < NFORMATS; i++) {
		t = render(s, inc, formats[i]);
		assert_clean(formats[i], t);
		assert_non_null(strstr(t, strcmp(formats[i], "md") == 0 ?
		    "^\\[" : "^["));
		assert_non_null(strstr(t, "202E"));
		assert_non_null(strstr(t, strcmp(formats[i], "json") == 0 ?
		    "\"exercise\":\ttrue" : "EXERCISE"));
		if (strcmp(formats[i], "html") == 0) {
			assert_null(strstr(t, "<script>"));
			assert_null(strstr(t, "<b>"));
			assert_non_null(strstr(t, "&lt;script&gt;"));
		}
		if (strcmp(formats[i], "md") == 0) {
			assert_non_null(strstr(t, "\\# not a heading \\|"));
			assert_non_null(strstr(t, "\\<script\\>"));
		}
		free(t);
	}
	free(path);
	store_close(s);
}

/* Where each format puts the actions, and what must be there. */
static const struct {
	const char	*format, *start, *end, *want[3];
} hostile_actions[NFORMATS] = {
	{ "txt", "Containment actions", "Notification",
	  { "quarantine-user  <b>x</b>|#*^[[31m", "state       failed",
	    NULL } },
	{ "md", "## Containment actions", "## Notif",
	  { "| \\<b\\>x\\</b\\>\\|\\#\\*^\\[\\[31m |", NULL } },
	{ "html", "<h2>Containment actions", "<h2>Notification",
	  { "<td>&lt;b&gt;x&lt;/b&gt;|#*^[[31m</td>",
	    "read back: quarantine-user holds on &lt;b&gt;", "AccessDenied" } },
	{ "json", "\"containment_actions\"", "\"notification\"",
	  { "\"resource\":\t\"<b>x</b>|#*^[[31m\"", NULL } },
};

/*
 * An action on a resource named with HTML, Markdown and an escape
 * sequence: its section is escaped like every other.  The phase is
 * entered before the action is verified, so there is no separate
 * First containment key time.
 */
static void
test_hostile_action(void **state)
{
	static const char res[] = "<b>x</b>|#*\x1b[31m";
	struct store *s = tu_store();
	struct wr_err err;
	int64_t inc;
	char *t, *sec;
	int i, k;

	(void)state;
	at("2026-11-03T09:00:00Z");
	ok(incident_create(s, tu_op("alice"), "Hostile action", "iam", 0,
	    &inc, &err), &err);
	ok(incident_set_phase(s, tu_op("alice"), inc, PHASE_CONTAINMENT,
	    &err), &err);
	at("2026-11-03T09:05:00Z");
	act(s, inc, "alice", "quarantine-user", res, 0, 0);
	act(s, inc, "alice", "delete-login-profile", res, 0, -1);
	for (i = 0; i < NFORMATS; i++) {
		t = render(s, inc, hostile_actions[i].format);
		assert_clean(hostile_actions[i].format, t);
		assert_null(strstr(t, "First containment"));
		if (strcmp(hostile_actions[i].format, "json") == 0)
			assert_non_null(strstr(t,
			    "\"first_containment\":\tnull"));
		if (strcmp(hostile_actions[i].format, "html") == 0)
			assert_null(strstr(t, "<b>x"));
		sec = section(t, hostile_actions[i].start,
		    hostile_actions[i].end);
		for (k = 0; k < 3 && hostile_actions[i].want[k] != NULL; k++)
			if (strstr(sec, hostile_actions[i].want[k]) == NULL)
				fail_msg("%s: no \"%s\" in:\n%s",
				    hostile_actions[i].format,
				    hostile_actions[i].want[k], sec);
		free(sec);
		free(t);
	}
	store_close(s);
}

static void
test_exercise_every_page(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	char *path = tu_fixture("hostile/cloudtrail-hostile.json"), *t, *p;
	int64_t inc;
	int pages = 0, marked = 0;

	(void)state;
	at("2026-11-03T09:00:00Z");
	ok(incident_create(s, tu_op("alice"), "Drill", "iam", 1, &inc, &err),
	    &err);
	ingest(s, inc, path, "hostile.json");
	t = render(s, inc, "txt");
	for (p = t; p != NULL; p = strchr(p + 1, '\f')) {
		char *end = strchr(p + 1, '\f');
		char *line = strchr(p + (*p == '\f'), '\n');

		pages++;
		if (line != NULL && strstr(p, "EXERCISE") != NULL &&
		    strstr(p, "EXERCISE") < line)
			marked++;
		(void)end;
	}
	assert_true(pages > 1);
	assert_int_equal(pages, marked);
	free(t);
	free(path);
	store_close(s);
}

/* A validator for the subset of JSON Schema that schema.json uses. */
static int
type_ok(const cJSON *v, const char *t)
{
	if (strcmp(t, "object") == 0)
		return (cJSON_IsObject(v));
	if (strcmp(t, "array") == 0)
		return (cJSON_IsArray(v));
	if (strcmp(t, "string") == 0)
		return (cJSON_IsString(v));
	if (strcmp(t, "boolean") == 0)
		return (cJSON_IsBool(v));
	if (strcmp(t, "null") == 0)
		return (cJSON_IsNull(v));
	if (strcmp(t, "integer") == 0)
		return (cJSON_IsNumber(v) &&
		    v->valuedouble == (double)(long long)v->valuedouble);
	return (0);
}

static int validate(const cJSON *, const cJSON *, const char *);

static int
bad(const char *where, const char *why)
{
	print_message("schema: %s: %s\n", where, why);
	return (1);
}

static int
validate_object(const cJSON *sc, const cJSON *v, const char *where)
{
	const cJSON *props = cJSON_GetObjectItem(sc, "properties"), *k;
	const cJSON *req = cJSON_GetObjectItem(sc, "required");
	char sub[512];
	int n = 0;

	cJSON_ArrayForEach(k, req) {
		if (cJSON_GetObjectItem(v, k->valuestring) == NULL)
			n += bad(where, k->valuestring);
	}
	cJSON_ArrayForEach(k, v) {
		const cJSON *ps = cJSON_GetObjectItem(props, k->string);

		snprintf(sub, sizeof sub, "%s.%s", where, k->string);
		if (ps == NULL && cJSON_IsFalse(cJSON_GetObjectItem(sc,
		    "additionalProperties")))
			n += bad(sub, "not in the schema");
		if (ps != NULL)
			n += validate(ps, k, sub);
	}
	return (n);
}

/* The number of places where v breaks schema sc. */
static int
validate(const cJSON *sc, const cJSON *v, const char *where)
{
	const cJSON *t = cJSON_GetObjectItem(sc, "type"), *e, *x;
	char sub[512];
	int okay = 0, i = 0, n = 0;

	if ((x = cJSON_GetObjectItem(sc, "const")) != NULL &&
	    !cJSON_Compare(x, v, 1))
		n += bad(where, "not the constant");
	if (cJSON_IsString(t))
		okay = type_ok(v, t->valuestring);
	cJSON_ArrayForEach(e, t)
		okay |= type_ok(v, e->valuestring);
	if (t != NULL && !okay)
		n += bad(where, "wrong type");
	if ((x = cJSON_GetObjectItem(sc, "enum")) != NULL) {
		okay = 0;
		cJSON_ArrayForEach(e, x)
			okay |= cJSON_Compare(e, v, 1);
		if (!okay)
			n += bad(where, "not in the enum");
	}
	if (cJSON_IsObject(v))
		n += validate_object(sc, v, where);
	if (!cJSON_IsArray(v) || (x = cJSON_GetObjectItem(sc, "items")) == NULL)
		return (n);
	cJSON_ArrayForEach(e, v) {
		snprintf(sub, sizeof sub, "%s[%d]", where, i++);
		n += validate(x, e, sub);
	}
	return (n);
}

static void
test_schema(void **state)
{
	char *path = tu_data("report/schema.json"), *text, *out;
	cJSON *sc, *doc, *wrong;
	struct store *s;
	int64_t inc;

	(void)state;
	text = tu_read(path, NULL);
	assert_non_null(text);
	assert_non_null(sc = cJSON_Parse(text));
	s = fixed_incident(&inc);
	out = render(s, inc, "json");
	assert_non_null(doc = cJSON_Parse(out));
	assert_string_equal(cJSON_GetObjectItem(doc, "schema")->valuestring,
	    REPORT_SCHEMA);
	assert_int_equal(validate(sc, doc, "$"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "events")), 6);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc,
	    "containment_actions")), 3);
	/* The validator can fail: an extra key, a wrong type, a gap. */
	wrong = cJSON_Duplicate(doc, 1);
	cJSON_AddStringToObject(cJSON_GetObjectItem(wrong, "summary"), "x",
	    "");
	cJSON_ReplaceItemInObject(cJSON_GetObjectItem(wrong, "summary"), "id",
	    cJSON_CreateString("1"));
	cJSON_DeleteItemFromObject(wrong, "audit");
	cJSON_DeleteItemFromObject(cJSON_GetArrayItem(cJSON_GetObjectItem(
	    wrong, "containment_actions"), 0), "read_back");
	assert_int_equal(validate(sc, wrong, "$"), 4);
	cJSON_Delete(wrong);
	cJSON_Delete(doc);
	cJSON_Delete(sc);
	free(out);
	free(text);
	free(path);
	store_close(s);
}

static void
test_bad_format(void **state)
{
	struct store *s = tu_store();
	struct wr_err err;
	int64_t inc;

	(void)state;
	ok(incident_create(s, tu_op("alice"), "x", "y", 0, &inc, &err), &err);
	assert_int_equal(report_write(s, inc, NULL, "pdf", stdout, &err), -1);
	assert_non_null(strstr(err.msg, "pdf"));
	assert_int_equal(report_write(s, inc + 1, NULL, "md", stdout, &err),
	    -1);
	store_close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_ingest_order),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_hostile_action),
		cmocka_unit_test(test_exercise_every_page),
		cmocka_unit_test(test_schema),
		cmocka_unit_test(test_bad_format),
	};

	return (cmocka_run_group_tests(tests, setup, teardown));
}
