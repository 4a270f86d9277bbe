/*
 * Where the database lives: the filesystem under it and the ownership
 * and modes of the folder, the file and its -wal and -shm companions.
 * Several Unix accounts share one database on the war-room host, so the
 * folder is setgid and group-writable (2770) and the files are 0660 in
 * the folder's group.  WAL needs shared memory between processes on one
 * host, so a database on a network or FUSE filesystem is refused.
 */
#ifndef WR_STOREFS_H
#define WR_STOREFS_H

#include "core/err.h"

/*
 * The name of a network or FUSE filesystem ("NFS", "SMB2", ...) for a
 * statfs f_type, or NULL for one WAL can use.
 */
const char	*storefs_remote_name(long f_type);

/*
 * Refuse (WR_ERR_DENIED) a database whose folder is on a filesystem
 * that storefs_remote_name() names; the message says why.  0 otherwise.
 */
int		 storefs_check_fs(const char *path, struct wr_err *);

/*
 * The pre-flight before SQLite opens path: the filesystem check, then,
 * in a shared folder (setgid, the warroom group, or group-writable by a
 * group that is not its owner's own), the folder (setgid, group rwx) and
 * the files (group of the folder, 0660), fixed where this process may,
 * else refused with a message that names the file, its owner and its
 * mode.  Personal and scratch folders are left as they are.  Creates a
 * missing database file with mode 0660 unless nocreate.  When this
 * account can only read the file, *readonly is set to 1 and reason says
 * so (or the call fails when read-only access is impossible: no
 * -wal/-shm and no folder write access).  reason may be NULL.
 */
int		 storefs_preflight(const char *path, int nocreate,
		     int *readonly, char *reason, size_t len,
		     struct wr_err *);

/*
 * After opening as root: give the database, -wal and -shm to the owner
 * of the database file (and the folder's group), so that root leaves no
 * file the operators cannot write.  Does nothing for other accounts.
 */
void		 storefs_settle(const char *path);

#endif
