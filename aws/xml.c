/*
 * libxml2 over reply bodies.  Parsing is strict about the network
 * (XML_PARSE_NONET) and quiet (no messages on stderr: aws/ never
 * prints).
 */
#include "aws/xml.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static xmlDocPtr
parse(const char *body, size_t len)
{
	if (body == NULL || len == 0 || len > 64 * 1024 * 1024)
		return (NULL);
	while (len > 0 && (*body == ' ' || *body == '\n' || *body == '\r' ||
	    *body == '\t')) {
		body++;
		len--;
	}
	if (len == 0 || *body != '<')
		return (NULL);
	return (xmlReadMemory(body, (int)len, "reply.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

/* The next node of a depth-first walk, without recursion. */
static xmlNodePtr
walk_next(xmlNodePtr n)
{
	if (n->children != NULL)
		return (n->children);
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return (n != NULL ? n->next : NULL);
}

static xmlNodePtr
find(xmlDocPtr doc, const char *name)
{
	xmlNodePtr n;

	for (n = xmlDocGetRootElement(doc); n != NULL; n = walk_next(n)) {
		if (n->type == XML_DOCUMENT_NODE)
			return (NULL);
		if (n->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(n->name, (const xmlChar *)name) == 0)
			return (n);
	}
	return (NULL);
}

static char *
node_text(xmlNodePtr n)
{
	xmlChar *v = xmlNodeGetContent(n);
	char *out = xstrdup(v != NULL ? (const char *)v : "");

	xmlFree(v);
	return (out);
}

char *
xml_text(const char *body, size_t len, const char *name)
{
	xmlDocPtr doc;
	xmlNodePtr n;
	char *out = NULL;

	if ((doc = parse(body, len)) == NULL)
		return (NULL);
	if ((n = find(doc, name)) != NULL)
		out = node_text(n);
	xmlFreeDoc(doc);
	return (out);
}

char **
xml_list(const char *body, size_t len, const char *parent,
    const char *child, size_t *n)
{
	xmlDocPtr doc;
	xmlNodePtr p, c;
	char **v;

	*n = 0;
	v = xcalloc(1, sizeof *v);
	if ((doc = parse(body, len)) == NULL)
		return (v);
	if ((p = find(doc, parent)) != NULL) {
		for (c = p->children; c != NULL; c = c->next) {
			if (c->type != XML_ELEMENT_NODE ||
			    xmlStrcmp(c->name, (const xmlChar *)child) != 0)
				continue;
			v = xreallocarray(v, *n + 2, sizeof *v);
			v[(*n)++] = node_text(c);
			v[*n] = NULL;
		}
	}
	xmlFreeDoc(doc);
	return (v);
}

void
xml_list_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

/* The element child of n called name, or NULL. */
static xmlNodePtr
child_named(xmlNodePtr n, const char *name)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, (const xmlChar *)name) == 0)
			return (c);
	return (NULL);
}

char *
xml_member_field(const char *body, size_t len, const char *parent,
    const char *key, const char *value, const char *field)
{
	xmlNodePtr p, m, k, f;
	xmlDocPtr doc;
	char *out = NULL, *kv;

	if ((doc = parse(body, len)) == NULL)
		return (NULL);
	p = find(doc, parent);
	for (m = p != NULL ? p->children : NULL; m != NULL && out == NULL;
	    m = m->next) {
		if (m->type != XML_ELEMENT_NODE ||
		    (k = child_named(m, key)) == NULL)
			continue;
		kv = node_text(k);
		if (strcmp(kv, value) == 0 &&
		    (f = child_named(m, field)) != NULL)
			out = node_text(f);
		free(kv);
	}
	xmlFreeDoc(doc);
	return (out);
}

/* The tree API: nodes are libxml2's own, behind an opaque name. */
struct xml_doc {
	xmlDocPtr	 doc;
};

#define NODE(n)	((struct xml_node *)(void *)(n))
#define XNODE(n) ((xmlNodePtr)(void *)(n))

struct xml_doc *
xml_open(const char *body, size_t len)
{
	struct xml_doc *d;
	xmlDocPtr doc;

	if ((doc = parse(body, len)) == NULL)
		return (NULL);
	d = xmalloc(sizeof *d);
	d->doc = doc;
	return (d);
}

void
xml_close(struct xml_doc *d)
{
	if (d == NULL)
		return;
	xmlFreeDoc(d->doc);
	free(d);
}

struct xml_node *
xml_find(struct xml_doc *d, const char *name)
{
	return (d != NULL ? NODE(find(d->doc, name)) : NULL);
}

/* The first element child of n whose name is the len bytes at name. */
static xmlNodePtr
child_n(xmlNodePtr n, const char *name, size_t len)
{
	xmlNodePtr c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strlen((const char *)c->name) == len &&
		    memcmp(c->name, name, len) == 0)
			return (c);
	return (NULL);
}

/* The next element sibling of n with its name. */
static xmlNodePtr
same_next(xmlNodePtr n)
{
	xmlNodePtr c;

	for (c = n->next; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    xmlStrcmp(c->name, n->name) == 0)
			return (c);
	return (NULL);
}

struct xml_node *
xml_at(struct xml_node *node, const char *path)
{
	xmlNodePtr n = XNODE(node);
	size_t len;

	while (n != NULL && *path != '\0') {
		len = strcspn(path, "/");
		if (len != 1 || path[0] != '.')
			n = child_n(n, path, len);
		path += len;
		path += *path == '/';
	}
	return (NODE(n));
}

struct xml_node *
xml_next(struct xml_node *n)
{
	return (n != NULL ? NODE(same_next(XNODE(n))) : NULL);
}

char *
xml_get(struct xml_node *n, const char *path)
{
	if ((n = xml_at(n, path)) == NULL)
		return (NULL);
	return (node_text(XNODE(n)));
}

/* Every element path reaches below n, appended to *v. */
static void
all_from(xmlNodePtr n, const char *path, char ***v, size_t *count)
{
	xmlNodePtr c;
	size_t len;

	if (*path == '\0') {
		*v = xreallocarray(*v, *count + 2, sizeof **v);
		(*v)[(*count)++] = node_text(n);
		(*v)[*count] = NULL;
		return;
	}
	len = strcspn(path, "/");
	for (c = child_n(n, path, len); c != NULL; c = same_next(c))
		all_from(c, path + len + (path[len] == '/'), v, count);
}

char **
xml_all(struct xml_node *n, const char *path, size_t *count)
{
	char **v = xcalloc(1, sizeof *v);

	*count = 0;
	if (n != NULL)
		all_from(XNODE(n), path, &v, count);
	return (v);
}
