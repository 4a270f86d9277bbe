/*
 * Reading AWS XML replies (STS, the query APIs, S3 errors) with
 * libxml2: no network, no entities, no DTDs.
 */
#ifndef WR_XML_H
#define WR_XML_H

#include <stddef.h>

/*
 * The text of the first element called name, searched depth-first, or
 * NULL when absent or when the body is not XML.  Caller frees.
 */
char	*xml_text(const char *body, size_t len, const char *name);
/*
 * The texts of every child element `child` of the first element
 * `parent` (e.g. Values/member), as a NULL-terminated array; *n gets
 * the count.  Caller frees each and the array (xml_list_free).
 */
char	**xml_list(const char *body, size_t len, const char *parent,
	    const char *child, size_t *n);
void	 xml_list_free(char **);
/*
 * In the first element parent, the child whose element key reads value:
 * the text of its element field (ListAccessKeys: AccessKeyMetadata,
 * AccessKeyId=AKIA..., Status).  NULL when none.  Caller frees.
 */
char	*xml_member_field(const char *body, size_t len, const char *parent,
	    const char *key, const char *value, const char *field);

/*
 * A parsed reply for replies with repeated, nested elements (EC2's
 * item lists).  A node belongs to its document: valid until
 * xml_close.  NULL in, NULL out, so lookups chain.
 */
struct xml_doc;
struct xml_node;

/* The parsed body, or NULL when it is not XML. */
struct xml_doc	*xml_open(const char *body, size_t len);
void		 xml_close(struct xml_doc *);
/* The first element called name, depth-first, or NULL. */
struct xml_node	*xml_find(struct xml_doc *, const char *name);
/*
 * Down a path of direct children ("groupSet/item/groupId"), taking the
 * first child of each name; NULL when one is missing.
 */
struct xml_node	*xml_at(struct xml_node *, const char *path);
/* The next sibling element with the same name, or NULL. */
struct xml_node	*xml_next(struct xml_node *);
/* The text of path below n ("" for "."), or NULL.  Caller frees. */
char		*xml_get(struct xml_node *, const char *path);
/*
 * The texts of every element path reaches below n, fanning out over
 * repeated elements at each step (every groupId of every item of
 * groupSet), NULL-terminated; *count gets how many.  Free with
 * xml_list_free.
 */
char		**xml_all(struct xml_node *, const char *path, size_t *count);

#endif
