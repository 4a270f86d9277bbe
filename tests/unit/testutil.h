/*
 * Helpers shared by the cmocka unit tests: scratch folders, a fresh
 * store, and where the shared corpus and the case fixtures are.
 */
#ifndef WR_TESTUTIL_H
#define WR_TESTUTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/operator.h"

struct store;

/* A new empty folder under $TMPROOT (or /tmp); caller frees. */
char		*tu_tmpdir(void);
/* A fresh store in a new folder; the path is kept for tu_store_path. */
struct store	*tu_store(void);
const char	*tu_store_path(void);
/* $CORPUS/rel, or NULL (and prints "skipped: no corpus") if absent. */
char		*tu_corpus(const char *rel);
/* $CASES/rel (tests/cases by default); caller frees. */
char		*tu_case(const char *rel);
/* tests/fixtures/rel; caller frees. */
char		*tu_fixture(const char *rel);
/* data/rel (the project's own data folder); caller frees. */
char		*tu_data(const char *rel);
/* Read a whole file; NULL when unreadable.  Caller frees. */
char		*tu_read(const char *path, size_t *len);
/* Write bytes to a file, failing the test on error. */
void		 tu_write(const char *path, const void *, size_t);
/* An operator for tests ("alice", "bob"...), no Unix account needed. */
const struct operator *tu_op(const char *name);

#endif
