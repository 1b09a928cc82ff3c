//! The diary's file on disk: made private, kept private, never someone else's; and the few
//! questions the database library cannot answer (is the disk full?). The checks that need
//! Unix (owners, modes, free space) are compiled on Unix only; elsewhere the file is created
//! with the platform's defaults.

use std::io;
use std::path::{Path, PathBuf};

/// Permission bits of a private diary: read and write for its owner only.
#[cfg(unix)]
pub const PRIVATE_MODE: u32 = 0o600;

/// With less free space than this after an I/O error, the error is a full disk.
#[cfg(unix)]
const NEARLY_FULL: u64 = 1 << 20;

/// The name handed to `SQLite`: relative paths start with `./`, so that `:memory:` and names
/// starting `file:` are files like any other (URI names are off as well).
pub fn sqlite_name(path: &Path) -> PathBuf {
    if path.is_absolute() || path.starts_with(".") || path.starts_with("..") {
        path.to_path_buf()
    } else {
        Path::new(".").join(path)
    }
}

/// The diary and the `-wal` and `-shm` files `SQLite` keeps beside it.
pub fn with_journals(path: &Path) -> [PathBuf; 3] {
    let name = path.as_os_str();
    let suffixed = |suffix: &str| {
        let mut n = name.to_os_string();
        n.push(suffix);
        PathBuf::from(n)
    };
    [path.to_path_buf(), suffixed("-wal"), suffixed("-shm")]
}

/// Creates the diary (and its folders) if it is missing, readable by its owner only whatever
/// the umask. Several processes may do this at once: whoever comes second opens the same file.
pub fn create_private(path: &Path) -> io::Result<()> {
    let mut dirs = std::fs::DirBuilder::new();
    dirs.recursive(true);
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        dirs.mode(0o700);
        file.mode(PRIVATE_MODE);
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        dirs.create(dir)?;
    }
    file.open(path).map(drop)
}

/// Why a file cannot be used as the diary.
pub enum Unfit {
    Folder,
    /// Owned by the user with this id.
    NotYours(u32),
}

impl Unfit {
    pub fn message(&self) -> String {
        match self {
            Unfit::Folder => "it is a folder, not a diary file".into(),
            Unfit::NotYours(uid) => format!(
                "it belongs to another user (uid {uid}), who could read what you write; nothing was read or written"
            ),
        }
    }
}

/// Refuses a folder, and on Unix a diary or journal file owned by someone else: in a shared
/// folder another user could have made it to read what is written into it.
pub fn check_owner(path: &Path) -> Result<(), Unfit> {
    for (n, file) in with_journals(path).iter().enumerate() {
        let Ok(meta) = std::fs::metadata(file) else {
            continue;
        };
        if n == 0 && meta.is_dir() {
            return Err(Unfit::Folder);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if meta.uid() != rustix::process::geteuid().as_raw() {
                return Err(Unfit::NotYours(meta.uid()));
            }
        }
    }
    Ok(())
}

/// Makes the diary and its journal files readable by their owner only. Returns the mode the
/// diary had, when it was readable or writable by others (`SQLite` gives new journal files the
/// diary's mode, so fixing the diary keeps them private too).
#[cfg(unix)]
pub fn tighten(path: &Path) -> io::Result<Option<u32>> {
    use std::os::unix::fs::PermissionsExt;
    let mut was = None;
    for (n, file) in with_journals(path).iter().enumerate() {
        let Ok(meta) = std::fs::metadata(file) else {
            continue;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode & 0o700))?;
            if n == 0 {
                was = Some(mode);
            }
        }
    }
    Ok(was)
}

#[cfg(not(unix))]
pub fn tighten(_path: &Path) -> io::Result<Option<u32>> {
    Ok(None)
}

/// Whether the disk holding `path` is full, or so nearly that an I/O error there is surely that.
#[cfg(unix)]
pub fn disk_full(path: &Path) -> bool {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    rustix::fs::statvfs(dir).is_ok_and(|s| s.f_bavail.saturating_mul(s.f_frsize) < NEARLY_FULL)
}

#[cfg(not(unix))]
pub fn disk_full(_path: &Path) -> bool {
    false
}

/// Deletes the diary's files once it has been emptied; returns those that were there.
pub fn remove(path: &Path) -> io::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for file in with_journals(path) {
        match std::fs::remove_file(&file) {
            Ok(()) => removed.push(file),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names_cannot_be_read_as_special_names() {
        for (given, wanted) in [
            (":memory:", "./:memory:"),
            ("file:real.db", "./file:real.db"),
            ("", "./"),
            ("./x.db", "./x.db"),
            ("../x.db", "../x.db"),
            ("/tmp/x.db", "/tmp/x.db"),
        ] {
            assert_eq!(sqlite_name(Path::new(given)), Path::new(wanted), "{given}");
        }
    }
}
