//! The output folder committed all at once: a lock so that one
//! run writes at a time, and a staging folder that replaces the folder's items
//! together.
//!
//! A run builds every item it changes (`reports.parquet`, `records/`, …) in
//! `DIR/.gongkai-staging/`. When all of them are written and synced, it writes
//! the commit list `DIR/.gongkai-staging/COMMIT` — the commit point — and then
//! moves each item into place: the old item to `DIR/.gongkai-trash/`, the new
//! one from staging to `DIR`. Each move is one `rename`, so no file is ever
//! seen half-written.
//!
//! A run that dies before the commit point leaves a staging folder without a
//! commit list: the next run deletes it, and the dataset is the previous one.
//! A run that dies after it (during the moves, a few milliseconds) leaves a
//! commit list: the next run that takes the lock finishes the moves (roll
//! forward), so the dataset becomes the new one. Either way, no mix of two
//! versions survives the next run.
//!
//! This module moves whole items; it must not read or write Parquet.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::OutputError;

/// The lock file, created beside the dataset and kept.
pub(crate) const LOCK_FILE: &str = ".gongkai.lock";
/// Where a run builds the items it will swap in.
pub(crate) const STAGING: &str = ".gongkai-staging";
/// Where replaced items wait to be deleted.
pub(crate) const TRASH: &str = ".gongkai-trash";
/// The commit list inside the staging folder.
pub(crate) const COMMIT: &str = "COMMIT";

/// The test hook: `GONGKAI_FAIL_AT=before_commit` (or `mid_swap`) ends the
/// process at that point, as a crash would, so that tests can check what an
/// interrupted run leaves behind.
pub const FAIL_AT_ENV: &str = "GONGKAI_FAIL_AT";

/// Simulate a crash at a named point when [`FAIL_AT_ENV`] names it.
pub(crate) fn fail_point(name: &str) {
    if std::env::var(FAIL_AT_ENV).is_ok_and(|v| v == name) {
        eprintln!("gongkai: {FAIL_AT_ENV}={name}: stopping here, as a crash would");
        std::process::exit(99);
    }
}

/// The exclusive right to change an output folder, held until dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    dir: PathBuf,
}

impl Lock {
    /// Take the folder's lock (creating the folder), or fail at once with
    /// [`OutputError::Locked`] when another run holds it.
    pub fn acquire(dir: &Path) -> Result<Lock, OutputError> {
        std::fs::create_dir_all(dir).map_err(OutputError::io(dir))?;
        let path = dir.join(LOCK_FILE);
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(OutputError::io(&path))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut holder = String::new();
                let _ = file.read_to_string(&mut holder);
                let holder = match holder.trim() {
                    "" => format!("it holds {}", path.display()),
                    pid => format!("process {pid} holds {}", path.display()),
                };
                return Err(OutputError::Locked {
                    dir: dir.display().to_string(),
                    holder,
                });
            }
            Err(TryLockError::Error(e)) => return Err(OutputError::io(&path)(e)),
        }
        // Who holds it, for the message another run prints.
        let _ = file.set_len(0);
        let _ = file.rewind();
        let _ = write!(file, "{}", std::process::id());
        let _ = file.flush();
        Ok(Lock {
            _file: file,
            dir: dir.to_path_buf(),
        })
    }

    /// The output folder this lock holds.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// What [`recover`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Recovery {
    /// Nothing was left over.
    Clean,
    /// An uncommitted staging folder was deleted: the dataset is the previous one.
    DiscardedUncommitted,
    /// A committed swap was finished: the dataset is the interrupted run's.
    RolledForward,
}

/// Bring the folder to a consistent state after an interrupted run: roll a
/// committed swap forward, delete an uncommitted staging folder, empty the
/// trash, remove spool folders of dead runs.
pub(crate) fn recover(lock: &Lock) -> Result<Recovery, OutputError> {
    let dir = lock.dir();
    let staging = dir.join(STAGING);
    let mut outcome = Recovery::Clean;
    if staging.exists() {
        match read_commit(&staging)? {
            Some(plan) => {
                swap(dir, &plan)?;
                outcome = Recovery::RolledForward;
            }
            None => outcome = Recovery::DiscardedUncommitted,
        }
        remove_all(&staging)?;
    }
    remove_all(&dir.join(TRASH))?;
    for entry in std::fs::read_dir(dir)
        .map_err(OutputError::io(dir))?
        .flatten()
    {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with(super::names::SPOOL_PREFIX)
        {
            remove_all(&entry.path())?;
        }
    }
    match outcome {
        Recovery::Clean => {}
        Recovery::DiscardedUncommitted => tracing::warn!(
            dir = %dir.display(),
            "an earlier run was interrupted before it finished; its partial output was discarded"
        ),
        Recovery::RolledForward => tracing::warn!(
            dir = %dir.display(),
            "an earlier run was interrupted while replacing the dataset; the replacement was completed"
        ),
    }
    Ok(outcome)
}

/// What a commit does to the folder's items.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// Items built in staging that replace (or create) the folder's items.
    pub put: Vec<String>,
    /// Items to remove from the folder.
    pub delete: Vec<String>,
}

/// A staging folder being filled, for one locked folder.
#[derive(Debug)]
pub(crate) struct Staging<'a> {
    lock: &'a Lock,
    path: PathBuf,
}

impl<'a> Staging<'a> {
    /// Start a fresh staging folder. Call [`recover`] first.
    pub fn begin(lock: &'a Lock) -> Result<Staging<'a>, OutputError> {
        let path = lock.dir().join(STAGING);
        remove_all(&path)?;
        std::fs::create_dir(&path).map_err(OutputError::io(&path))?;
        Ok(Staging { lock, path })
    }

    /// Where to build an item.
    pub fn path(&self, item: &str) -> PathBuf {
        self.path.join(item)
    }

    /// The live folder the staged items will replace.
    pub fn live(&self) -> &Path {
        self.lock.dir()
    }

    /// Make the staged items the folder's: write the commit list (the commit
    /// point), move the items into place, and clean up.
    pub fn commit(self, plan: &Plan) -> Result<(), OutputError> {
        for item in &plan.put {
            sync_tree(&self.path(item))?;
        }
        sync_dir(&self.path);
        fail_point("before_commit");
        let list = self.path(COMMIT);
        let text: String = plan
            .put
            .iter()
            .map(|i| format!("put {i}\n"))
            .chain(plan.delete.iter().map(|i| format!("delete {i}\n")))
            .collect();
        let tmp = self.path(".COMMIT.tmp");
        write_synced(&tmp, text.as_bytes())?;
        std::fs::rename(&tmp, &list).map_err(OutputError::io(&list))?;
        sync_dir(&self.path);
        swap(self.lock.dir(), plan)?;
        remove_all(&self.path)?;
        remove_all(&self.lock.dir().join(TRASH))
    }
}

impl Drop for Staging<'_> {
    /// A staging folder that was not committed is abandoned work.
    fn drop(&mut self) {
        if self.path.exists() && !self.path.join(COMMIT).exists() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

fn read_commit(staging: &Path) -> Result<Option<Plan>, OutputError> {
    let path = staging.join(COMMIT);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(OutputError::io(&path)(e)),
    };
    let mut plan = Plan::default();
    for line in text.lines() {
        match line.split_once(' ') {
            Some(("put", item)) => plan.put.push(item.to_owned()),
            Some(("delete", item)) => plan.delete.push(item.to_owned()),
            _ => {}
        }
    }
    Ok(Some(plan))
}

/// Move each staged item into place; idempotent, so an interrupted swap can be
/// run again. An item already moved (no longer in staging) is left alone.
fn swap(dir: &Path, plan: &Plan) -> Result<(), OutputError> {
    let staging = dir.join(STAGING);
    let trash = dir.join(TRASH);
    std::fs::create_dir_all(&trash).map_err(OutputError::io(&trash))?;
    for (n, item) in plan.put.iter().enumerate() {
        let new = staging.join(item);
        if !new.exists() {
            continue;
        }
        let live = dir.join(item);
        if live.exists() {
            let old = trash.join(item);
            remove_all(&old)?;
            std::fs::rename(&live, &old).map_err(OutputError::io(&live))?;
        }
        std::fs::rename(&new, &live).map_err(OutputError::io(&live))?;
        if n == 0 {
            fail_point("mid_swap");
        }
    }
    for item in &plan.delete {
        remove_all(&dir.join(item))?;
    }
    sync_dir(dir);
    Ok(())
}

/// Remove a file or a folder tree; nothing to remove is fine.
pub(crate) fn remove_all(path: &Path) -> Result<(), OutputError> {
    let result = match std::fs::symlink_metadata(path) {
        Err(_) => return Ok(()),
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(OutputError::io(path)(e)),
        _ => Ok(()),
    }
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let mut file = File::create(path).map_err(OutputError::io(path))?;
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(OutputError::io(path))
}

/// Sync every file under `path` (Parquet sinks sync their own files; this
/// covers the rest, such as `codebook.md`) and the folders themselves.
fn sync_tree(path: &Path) -> Result<(), OutputError> {
    let meta = std::fs::metadata(path).map_err(OutputError::io(path))?;
    if meta.is_dir() {
        for entry in std::fs::read_dir(path)
            .map_err(OutputError::io(path))?
            .flatten()
        {
            sync_tree(&entry.path())?;
        }
        sync_dir(path);
        Ok(())
    } else {
        File::open(path)
            .and_then(|f| f.sync_all())
            .map_err(OutputError::io(path))
    }
}

/// Make a folder's entries durable. Best effort: not every platform can open
/// a folder to sync it.
fn sync_dir(path: &Path) {
    if let Ok(dir) = File::open(path) {
        let _ = dir.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(items: &[&str]) -> Plan {
        Plan {
            put: items.iter().map(|s| s.to_string()).collect(),
            delete: Vec::new(),
        }
    }

    #[test]
    fn second_lock_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let first = Lock::acquire(dir.path()).unwrap();
        let err = Lock::acquire(dir.path()).unwrap_err().to_string();
        assert!(err.contains("another gongkai run is writing"), "{err}");
        assert!(err.contains(&std::process::id().to_string()), "{err}");
        drop(first);
        Lock::acquire(dir.path()).unwrap();
    }

    #[test]
    fn commit_replaces_files_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old").unwrap();
        std::fs::create_dir(dir.path().join("b")).unwrap();
        std::fs::write(dir.path().join("b/x"), "old").unwrap();
        std::fs::write(dir.path().join("legacy"), "old").unwrap();
        let lock = Lock::acquire(dir.path()).unwrap();
        let staging = Staging::begin(&lock).unwrap();
        std::fs::write(staging.path("a"), "new").unwrap();
        std::fs::create_dir(staging.path("b")).unwrap();
        std::fs::write(staging.path("b/y"), "new").unwrap();
        let mut plan = put(&["a", "b"]);
        plan.delete.push("legacy".into());
        staging.commit(&plan).unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a")).unwrap(),
            "new"
        );
        assert!(!dir.path().join("b/x").exists());
        assert!(dir.path().join("b/y").exists());
        assert!(!dir.path().join("legacy").exists());
        assert!(!dir.path().join(STAGING).exists());
        assert!(!dir.path().join(TRASH).exists());
    }

    #[test]
    fn uncommitted_staging_is_discarded() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old").unwrap();
        std::fs::create_dir(dir.path().join(STAGING)).unwrap();
        std::fs::write(dir.path().join(STAGING).join("a"), "new").unwrap();
        let lock = Lock::acquire(dir.path()).unwrap();
        assert_eq!(recover(&lock).unwrap(), Recovery::DiscardedUncommitted);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a")).unwrap(),
            "old"
        );
        assert!(!dir.path().join(STAGING).exists());
    }

    #[test]
    fn committed_swap_interrupted_midway_is_rolled_forward() {
        let dir = tempfile::tempdir().unwrap();
        let (live, staging, trash) = (dir.path(), dir.path().join(STAGING), dir.path().join(TRASH));
        // The state after "a" was swapped and before "b" was: a is new, b old.
        std::fs::create_dir_all(&staging).unwrap();
        std::fs::create_dir_all(&trash).unwrap();
        std::fs::write(live.join("a"), "new").unwrap();
        std::fs::write(trash.join("a"), "old").unwrap();
        std::fs::write(live.join("b"), "old").unwrap();
        std::fs::write(staging.join("b"), "new").unwrap();
        std::fs::write(staging.join(COMMIT), "put a\nput b\n").unwrap();
        let lock = Lock::acquire(live).unwrap();
        assert_eq!(recover(&lock).unwrap(), Recovery::RolledForward);
        for item in ["a", "b"] {
            assert_eq!(std::fs::read_to_string(live.join(item)).unwrap(), "new");
        }
        assert!(!staging.exists() && !trash.exists());
    }

    #[test]
    fn dropped_staging_leaves_the_folder_untouched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a"), "old").unwrap();
        let lock = Lock::acquire(dir.path()).unwrap();
        {
            let staging = Staging::begin(&lock).unwrap();
            std::fs::write(staging.path("a"), "new").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a")).unwrap(),
            "old"
        );
        assert!(!dir.path().join(STAGING).exists());
    }
}
