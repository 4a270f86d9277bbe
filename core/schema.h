/*
 * The schema and its forward migrations.  Migration N takes a database
 * at user_version N-1 to N; a database newer than this build is refused.
 */
#ifndef WR_SCHEMA_H
#define WR_SCHEMA_H

extern const char *const schema_migrations[];
extern const int schema_version;

#endif
