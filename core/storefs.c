/*
 * The database's place on disk: filesystem type, folder and file modes,
 * ownership when running as root, and the read-only observer case.
 * Only a shared database folder and the database's own three files are
 * ever changed, and only when they belong to this account (or root).
 */
#include "core/storefs.h"

#include <sys/stat.h>
#include <sys/vfs.h>

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/util.h"

#define STOREFS_FILE_MODE	0660
#define STOREFS_DIR_BITS	02070	/* setgid, group rwx */

static const struct {
	long		 magic;
	const char	*name;
} remote_fs[] = {
	{ 0x6969, "NFS" },
	{ 0x517B, "SMB" },
	{ 0xFE534D42, "SMB2" },
	{ 0xFF534D42, "CIFS" },
	{ 0x65735546, "FUSE (sshfs or another userspace filesystem)" },
	{ 0x01021997, "9P" },
	{ 0x00C36400, "Ceph" },
	{ 0x5346414F, "AFS" },
	{ 0x73757245, "Coda" },
	{ 0, NULL }
};

static const char *const suffixes[] = { "", "-wal", "-shm", NULL };

const char *
storefs_remote_name(long f_type)
{
	int i;

	/* f_type is signed on some ABIs: compare the low 32 bits. */
	for (i = 0; remote_fs[i].name != NULL; i++) {
		if ((unsigned long)(f_type & 0xffffffffL) ==
		    (unsigned long)remote_fs[i].magic)
			return (remote_fs[i].name);
	}
	return (NULL);
}

static void
dir_of(const char *path, char *out, size_t len)
{
	char *slash;

	snprintf(out, len, "%s", path);
	if ((slash = strrchr(out, '/')) == NULL)
		snprintf(out, len, ".");
	else if (slash == out)
		out[1] = '\0';
	else
		*slash = '\0';
}

static long
fs_type(const char *dir)
{
	struct statfs sf;

#ifdef WR_TEST_HOOKS
	const char *t = getenv("WARROOM_TEST_FSTYPE");

	if (t != NULL && *t != '\0')
		return (strtol(t, NULL, 0));
#endif
	if (statfs(dir, &sf) == -1)
		return (0);
	return ((long)sf.f_type);
}

int
storefs_check_fs(const char *path, struct wr_err *err)
{
	char dir[PATH_MAX];
	const char *name;

	dir_of(path, dir, sizeof dir);
	if ((name = storefs_remote_name(fs_type(dir))) == NULL)
		return (0);
	return (wr_fail(err, WR_ERR_DENIED, path, "the database is on %s: "
	    "SQLite's WAL mode needs memory shared between processes on one "
	    "host, which a network or FUSE filesystem does not give; put "
	    "the database on a local disk of the war-room host (for "
	    "example /var/lib/warroom) and let every operator SSH in",
	    name));
}

static void
owner_text(const struct stat *st, char *out, size_t len)
{
	struct passwd *pw = getpwuid(st->st_uid);
	struct group *gr = getgrgid(st->st_gid);
	char u[32], g[32];

	snprintf(u, sizeof u, "%ld", (long)st->st_uid);
	snprintf(g, sizeof g, "%ld", (long)st->st_gid);
	snprintf(out, len, "owner %s:%s, mode %04o",
	    pw != NULL ? pw->pw_name : u, gr != NULL ? gr->gr_name : g,
	    (unsigned)(st->st_mode & 07777));
}

static const char *
self_name(void)
{
	struct passwd *pw = getpwuid(geteuid());

	return (pw != NULL ? pw->pw_name : "this account");
}

static const char *
group_name(gid_t gid)
{
	static char num[32];
	struct group *gr;

	if (gid == (gid_t)-1)
		return ("warroom");
	if ((gr = getgrgid(gid)) != NULL)
		return (gr->gr_name);
	snprintf(num, sizeof num, "%ld", (long)gid);
	return (num);
}

static int
may_fix(const struct stat *st)
{
	return (geteuid() == 0 || st->st_uid == geteuid());
}

/*
 * A folder meant for several accounts: setgid already, in the warroom
 * group, or group-writable by a group other than its owner's own.  A
 * personal folder (a home directory, ~/.local/share/warroom) is never
 * changed: making a home group-writable would, for one, break sshd.
 */
static int
shared_dir(const struct stat *st)
{
	struct passwd *pw = getpwuid(st->st_uid);
	struct group *gr = getgrnam("warroom");

	if (st->st_mode & S_ISGID)
		return (1);
	if (gr != NULL && gr->gr_gid == st->st_gid)
		return (1);
	return ((st->st_mode & S_IWGRP) && (pw == NULL ||
	    pw->pw_gid != st->st_gid));
}

/*
 * The folder: scratch (sticky or world-writable, like /tmp) and
 * personal folders are left alone; a shared one must be setgid and
 * group-writable, and its group is the one the files must have.
 */
static int
check_dir(const char *dir, gid_t *gid, struct wr_err *err)
{
	struct stat st;
	char who[128];

	*gid = (gid_t)-1;
	if (stat(dir, &st) == -1)
		return (wr_fail(err, WR_ERR_IO, dir, "cannot read the "
		    "database folder: %s", strerror(errno)));
	if ((st.st_mode & (S_ISVTX | S_IWOTH)) || !shared_dir(&st))
		return (0);
	*gid = st.st_gid;
	if ((st.st_mode & STOREFS_DIR_BITS) == STOREFS_DIR_BITS)
		return (0);
	owner_text(&st, who, sizeof who);
	if (may_fix(&st) && chmod(dir, (st.st_mode & 07777) |
	    STOREFS_DIR_BITS) == 0) {
		log_info("%s: was %s; made setgid and group-writable", dir,
		    who);
		return (0);
	}
	return (wr_fail(err, WR_ERR_DENIED, dir, "the database folder (%s) "
	    "must be setgid and group-writable so that every operator's "
	    "files stay in its group; as its owner or root run: chmod 2770 "
	    "%s", who, dir));
}

static int
check_file(const char *file, gid_t gid, struct wr_err *err)
{
	struct stat st;
	char who[128];
	int bad_group, bad_mode;

	if (gid == (gid_t)-1 || lstat(file, &st) == -1)
		return (0);	/* personal folder, or not there yet */
	if (!S_ISREG(st.st_mode))
		return (wr_fail(err, WR_ERR_DENIED, file, "not a regular "
		    "file"));
	bad_group = st.st_gid != gid;
	bad_mode = (st.st_mode & STOREFS_FILE_MODE) != STOREFS_FILE_MODE;
	if (!bad_group && !bad_mode)
		return (0);
	owner_text(&st, who, sizeof who);
	if (may_fix(&st) && (!bad_group || chown(file, (uid_t)-1, gid) ==
	    0) && chmod(file, STOREFS_FILE_MODE) == 0) {
		log_info("%s: was %s; fixed to the folder's group, 0660",
		    file, who);
		return (0);
	}
	return (wr_fail(err, WR_ERR_DENIED, file, "%s, but every operator "
	    "must be able to write it (the folder's group %s, mode 0660); as "
	    "its owner or root run: chgrp %s %s && chmod 0660 %s", who,
	    group_name(gid), group_name(gid), file, file));
}

static int
create_db(const char *path, struct wr_err *err)
{
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    STOREFS_FILE_MODE);
	if (fd == -1) {
		if (errno == EEXIST)
			return (0);
		return (wr_fail(err, WR_ERR_IO, path, "cannot create the "
		    "database: %s", strerror(errno)));
	}
	/* The umask may have taken group write away. */
	if (fchmod(fd, STOREFS_FILE_MODE) == -1)
		log_warn("%s: fchmod: %s", path, strerror(errno));
	close(fd);
	return (0);
}

/* This account may read but not write the file: is reading possible? */
static int
readonly_ok(const char *path, const char *dir, char *reason, size_t len,
    struct wr_err *err)
{
	char wal[PATH_MAX + 8], shm[PATH_MAX + 8], who[128];
	struct stat st;

	if (stat(path, &st) == -1)
		return (wr_fail(err, WR_ERR_IO, path, "%s", strerror(errno)));
	owner_text(&st, who, sizeof who);
	if (reason != NULL)
		snprintf(reason, len, "read-only: %s cannot write %s (%s)",
		    self_name(), path, who);
	snprintf(wal, sizeof wal, "%s-wal", path);
	snprintf(shm, sizeof shm, "%s-shm", path);
	if ((access(wal, R_OK) == 0 && access(shm, R_OK) == 0) ||
	    access(dir, W_OK) == 0)
		return (0);
	return (wr_fail(err, WR_ERR_DENIED, path, "%s may only read it (%s): "
	    "a reader needs the -wal and -shm files to exist (they do while "
	    "a writer is attached), or the directory must be writable",
	    self_name(), who));
}

/* The folder cannot even be entered: usually a missing group. */
static int
unreachable(const char *dir, struct wr_err *err)
{
	struct stat st;
	char who[128];

	if (stat(dir, &st) == -1)
		return (wr_fail(err, WR_ERR_IO, dir, "cannot reach the "
		    "database folder: %s", strerror(errno)));
	owner_text(&st, who, sizeof who);
	return (wr_fail(err, WR_ERR_DENIED, dir, "%s cannot enter the "
	    "database folder (%s); operators must be in its group (as root: "
	    "usermod -aG %s %s, then log in again)", self_name(), who,
	    group_name(st.st_gid), self_name()));
}

int
storefs_preflight(const char *path, int nocreate, int *readonly,
    char *reason, size_t len, struct wr_err *err)
{
	char dir[PATH_MAX], file[PATH_MAX + 8];
	gid_t gid;
	int i;

	*readonly = 0;
	if (reason != NULL && len > 0)
		reason[0] = '\0';
	if (storefs_check_fs(path, err) == -1)
		return (-1);
	dir_of(path, dir, sizeof dir);
	if (access(dir, X_OK) == -1)
		return (unreachable(dir, err));
	if (access(path, F_OK) == 0 && access(path, W_OK) == -1 &&
	    geteuid() != 0) {
		*readonly = 1;
		return (readonly_ok(path, dir, reason, len, err));
	}
	if (check_dir(dir, &gid, err) == -1)
		return (-1);
	/*
	 * SQLite makes the -wal and -shm files with this process's umask
	 * and only then widens them to the database's mode.  An operator
	 * attaching in that instant opens the -shm read-only and can never
	 * write.  In a shared folder, files are born group-writable.
	 */
	if (gid != (gid_t)-1)
		umask(umask(0) & ~(mode_t)(S_IRGRP | S_IWGRP));
	if (!nocreate && create_db(path, err) == -1)
		return (-1);
	for (i = 0; suffixes[i] != NULL; i++) {
		snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
		if (check_file(file, gid, err) == -1)
			return (-1);
	}
	return (0);
}

void
storefs_settle(const char *path)
{
	char dir[PATH_MAX], file[PATH_MAX + 8];
	struct stat db, d, st;
	gid_t gid;
	int i;

	if (geteuid() != 0 || stat(path, &db) == -1)
		return;
	dir_of(path, dir, sizeof dir);
	gid = db.st_gid;
	if (stat(dir, &d) == 0 && (d.st_mode & S_ISGID))
		gid = d.st_gid;
	for (i = 0; suffixes[i] != NULL; i++) {
		snprintf(file, sizeof file, "%s%s", path, suffixes[i]);
		if (lstat(file, &st) == -1 || !S_ISREG(st.st_mode))
			continue;
		if ((st.st_uid != db.st_uid || st.st_gid != gid) &&
		    chown(file, db.st_uid, gid) == -1)
			log_warn("%s: chown: %s", file, strerror(errno));
	}
}
