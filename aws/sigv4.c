/*
 * SigV4 signing.  The canonical request is built from exactly what will
 * be sent: the caller's headers plus the ones added here, the body bytes
 * as handed to libcurl.  The AWS test suites and BR-17 check it byte for
 * byte (tests/unit/test_sigv4.c).
 */
#include "aws/sigv4.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/util.h"

#define SIGV4_ALGO "AWS4-HMAC-SHA256"

/* One canonical header: lower-case name and its folded value(s). */
struct canon_header {
	char	*name;
	struct buf value;
};

static int
is_unreserved(unsigned char c)
{
	return (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~');
}

char *
sigv4_uri_encode(const char *s, size_t len, int keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	size_t i;
	unsigned char c;

	buf_init(&b);
	buf_reserve(&b, len + 1);
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		if (is_unreserved(c) || (keep_slash && c == '/'))
			buf_addc(&b, (char)c);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[c >> 4]);
			buf_addc(&b, hex[c & 15]);
		}
	}
	return (buf_steal(&b));
}

/*
 * RFC 3986 dot-segment removal plus collapsing of empty segments, as
 * the non-S3 services expect.  A path that ended in a slash or in a dot
 * segment keeps its trailing slash.
 */
char *
sigv4_normalize_path(const char *path)
{
	char **seg;
	size_t nseg = 0, i, n;
	const char *p, *e;
	struct buf b;
	int trailing = 0;

	seg = xcalloc(strlen(path) + 1, sizeof *seg);
	for (p = path; *p != '\0'; p = (*e == '\0') ? e : e + 1) {
		e = strchr(p, '/');
		if (e == NULL)
			e = p + strlen(p);
		n = (size_t)(e - p);
		if (n == 0 || (n == 1 && p[0] == '.'))
			continue;
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (nseg > 0)
				free(seg[--nseg]);
			continue;
		}
		seg[nseg++] = xstrndup(p, n);
	}
	n = strlen(path);
	trailing = n > 0 && (path[n - 1] == '/' || str_has_suffix(path, "/.")
	    || str_has_suffix(path, "/..") || strcmp(path, ".") == 0 ||
	    strcmp(path, "..") == 0);
	buf_init(&b);
	for (i = 0; i < nseg; i++) {
		buf_addc(&b, '/');
		buf_adds(&b, seg[i]);
		free(seg[i]);
	}
	if (nseg == 0 || trailing)
		buf_addc(&b, '/');
	free(seg);
	return (buf_steal(&b));
}

void
sigv4_amz_date(int64_t ms, char out[SIGV4_DATE_LEN])
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, SIGV4_DATE_LEN, "%Y%m%dT%H%M%SZ", &tm);
}

/* Append the value with leading/trailing space trimmed, runs folded. */
static void
fold_value(struct buf *b, const char *v)
{
	int space = 0;

	while (*v != '\0' && isspace((unsigned char)*v))
		v++;
	for (; *v != '\0'; v++) {
		if (isspace((unsigned char)*v)) {
			space = 1;
			continue;
		}
		if (space)
			buf_addc(b, ' ');
		space = 0;
		buf_addc(b, *v);
	}
}

static int
cmp_header(const void *a, const void *b)
{
	const struct canon_header *x = a, *y = b;

	return (strcmp(x->name, y->name));
}

/*
 * Collect headers by lower-case name; repeated names join their values
 * with commas in the order sent.  Returns the count; *out is sorted.
 */
static size_t
canon_headers(const struct sigv4_header *h, size_t nh,
    struct canon_header **out)
{
	struct canon_header *c;
	size_t n = 0, i, j, k;
	char *name;

	c = xcalloc(nh + 1, sizeof *c);
	for (i = 0; i < nh; i++) {
		name = xstrdup(h[i].name);
		for (k = 0; name[k] != '\0'; k++)
			name[k] = (char)tolower((unsigned char)name[k]);
		for (j = 0; j < n; j++)
			if (strcmp(c[j].name, name) == 0)
				break;
		if (j == n) {
			c[n].name = name;
			buf_init(&c[n].value);
			buf_adds(&c[n].value, "");
			n++;
		} else {
			free(name);
			buf_addc(&c[j].value, ',');
		}
		fold_value(&c[j].value, h[i].value);
	}
	qsort(c, n, sizeof *c, cmp_header);
	*out = c;
	return (n);
}

struct canon_param {
	char	*key;
	char	*value;
};

static int
cmp_param(const void *a, const void *b)
{
	const struct canon_param *x = a, *y = b;
	int r;

	if ((r = strcmp(x->key, y->key)) != 0)
		return (r);
	return (strcmp(x->value, y->value));
}

/* key=value pairs encoded, sorted by key then value, joined by '&'. */
static void
canon_query(struct buf *b, const struct sigv4_param *q, size_t nq)
{
	struct canon_param *c;
	size_t i;

	c = xcalloc(nq + 1, sizeof *c);
	for (i = 0; i < nq; i++) {
		c[i].key = sigv4_uri_encode(q[i].key, strlen(q[i].key), 0);
		c[i].value = sigv4_uri_encode(q[i].value != NULL ?
		    q[i].value : "", q[i].value != NULL ?
		    strlen(q[i].value) : 0, 0);
	}
	qsort(c, nq, sizeof *c, cmp_param);
	for (i = 0; i < nq; i++) {
		buf_printf(b, "%s%s=%s", i > 0 ? "&" : "", c[i].key,
		    c[i].value);
		free(c[i].key);
		free(c[i].value);
	}
	free(c);
}

static void
hmac(const void *key, size_t klen, const char *msg, unsigned char out[32])
{
	unsigned int len = 32;

	if (HMAC(EVP_sha256(), key, (int)klen, (const unsigned char *)msg,
	    strlen(msg), out, &len) == NULL)
		fatal("HMAC-SHA256 failed");
}

/* kSigning = HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), ...). */
static void
signing_key(const char *secret, const char *date, const char *region,
    const char *service, unsigned char key[32])
{
	char *k0;

	k0 = xasprintf("AWS4%s", secret);
	hmac(k0, strlen(k0), date, key);
	explicit_bzero(k0, strlen(k0));
	free(k0);
	hmac(key, 32, region, key);
	hmac(key, 32, service, key);
	hmac(key, 32, "aws4_request", key);
}

/* The checks behind BR-17's negative cases: refuse before sending. */
static int
check_request(const struct sigv4_request *req, const struct sigv4_creds *cr,
    const struct sigv4_opts *o, struct wr_err *err)
{
	static const char *const owned[] = { "authorization", "x-amz-date",
	    "x-amz-security-token", "x-amz-content-sha256" };
	size_t i, j;

	if (cr->access_key == NULL || *cr->access_key == '\0' ||
	    cr->secret_key == NULL || *cr->secret_key == '\0')
		return (wr_fail(err, WR_ERR_CREDS, req->path,
		    "no access key or secret key to sign with"));
	if (o->region == NULL || *o->region == '\0' || o->service == NULL)
		return (wr_fail(err, WR_ERR_SIG, req->path,
		    "no region or service to sign for"));
	for (i = 0; i < req->nheaders; i++) {
		for (j = 0; j < sizeof owned / sizeof owned[0]; j++) {
			if (strcasecmp(req->headers[i].name, owned[j]) != 0)
				continue;
			return (wr_fail(err, WR_ERR_SIG, req->path,
			    "request already carries %s; the signer adds "
			    "it (a second copy breaks the signature)",
			    req->headers[i].name));
		}
	}
	return (0);
}

/* The headers sigv4 adds, in the order they are sent. */
static void
add_headers(const struct sigv4_creds *cr, const struct sigv4_opts *o,
    struct sigv4_result *r, int with_token)
{
	r->nadded = 0;
	r->added[r->nadded].name = "X-Amz-Date";
	r->added[r->nadded++].value = r->amz_date;
	if (o->sign_body) {
		r->added[r->nadded].name = "X-Amz-Content-Sha256";
		r->added[r->nadded++].value = r->payload_hash;
	}
	if (with_token) {
		r->added[r->nadded].name = "X-Amz-Security-Token";
		r->added[r->nadded++].value = cr->token;
	}
}

static char *
canonical_request(const struct sigv4_request *req,
    const struct sigv4_opts *o, const struct sigv4_result *r,
    char **signed_out)
{
	struct canon_header *ch;
	struct sigv4_header *all;
	struct buf b, sh;
	char *path, *enc;
	size_t n, i;

	all = xcalloc(req->nheaders + SIGV4_MAX_ADDED, sizeof *all);
	memcpy(all, req->headers, req->nheaders * sizeof *all);
	memcpy(all + req->nheaders, r->added, r->nadded * sizeof *all);
	n = canon_headers(all, req->nheaders + r->nadded, &ch);
	free(all);

	path = o->normalize_path ? sigv4_normalize_path(req->path) :
	    xstrdup(*req->path != '\0' ? req->path : "/");
	enc = sigv4_uri_encode(path, strlen(path), 1);
	free(path);
	buf_init(&b);
	buf_printf(&b, "%s\n%s\n", req->method, enc);
	free(enc);
	canon_query(&b, req->query, req->nquery);
	buf_addc(&b, '\n');
	buf_init(&sh);
	for (i = 0; i < n; i++) {
		buf_printf(&b, "%s:%s\n", ch[i].name, ch[i].value.data);
		buf_printf(&sh, "%s%s", i > 0 ? ";" : "", ch[i].name);
		free(ch[i].name);
		buf_free(&ch[i].value);
	}
	free(ch);
	buf_printf(&b, "\n%s\n%s", sh.data, r->payload_hash);
	*signed_out = buf_steal(&sh);
	return (buf_steal(&b));
}

int
sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *cr,
    const struct sigv4_opts *o, int64_t now, struct sigv4_result *r,
    struct wr_err *err)
{
	unsigned char key[32], sig[32];
	char date[9], creq_hash[65], *scope;
	int with_token;

	memset(r, 0, sizeof *r);
	if (check_request(req, cr, o, err) == -1)
		return (-1);
	/* An empty token means none: never send or sign an empty one. */
	with_token = cr->token != NULL && *cr->token != '\0';
	sigv4_amz_date(now, r->amz_date);
	memcpy(date, r->amz_date, 8);
	date[8] = '\0';
	sha256_hex(req->body != NULL ? req->body : "", req->body_len,
	    r->payload_hash);

	add_headers(cr, o, r, with_token && !o->token_after);
	r->canonical_request = canonical_request(req, o, r,
	    &r->signed_headers);
	sha256_hex(r->canonical_request, strlen(r->canonical_request),
	    creq_hash);
	scope = xasprintf("%s/%s/%s/aws4_request", date, o->region,
	    o->service);
	r->string_to_sign = xasprintf("%s\n%s\n%s\n%s", SIGV4_ALGO,
	    r->amz_date, scope, creq_hash);

	signing_key(cr->secret_key, date, o->region, o->service, key);
	hmac(key, sizeof key, r->string_to_sign, sig);
	explicit_bzero(key, sizeof key);
	hex_encode(sig, sizeof sig, r->signature);
	r->authorization = xasprintf("%s Credential=%s/%s, SignedHeaders=%s,"
	    " Signature=%s", SIGV4_ALGO, cr->access_key, scope,
	    r->signed_headers, r->signature);
	free(scope);
	if (with_token && o->token_after)
		add_headers(cr, o, r, 1);
	return (0);
}

void
sigv4_result_free(struct sigv4_result *r)
{
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->authorization);
	free(r->signed_headers);
	memset(r, 0, sizeof *r);
}
