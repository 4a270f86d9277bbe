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

#endif
