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
