//! The index folder as tantivy sees it: memory-mapped files, plus one difference. Opening a
//! reader takes a lock *file*; on a read-only mount, or a folder the user cannot write, that
//! file cannot be created, and the index would not open at all. Readers take that lock only
//! to keep a concurrent writer's garbage collection off the files they open; where nobody
//! can write, nobody collects, so the lock is not needed and a no-op stands in for it.

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, META_LOCK, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

#[derive(Clone, Debug)]
pub struct IndexDirectory {
    inner: MmapDirectory,
}

impl IndexDirectory {
    pub fn open(dir: &Path) -> tantivy::Result<IndexDirectory> {
        let inner = MmapDirectory::open(dir)?;
        Ok(IndexDirectory { inner })
    }
}

/// The OS refuses writes here: read-only file system, or no write permission.
pub fn is_read_only(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::PermissionDenied || e.kind() == io::ErrorKind::ReadOnlyFilesystem
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }
    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            // Only the readers' lock; a writer's lock is never faked.
            Err(LockError::IoError(e))
                if lock.filepath == META_LOCK.filepath && is_read_only(&e) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            other => other,
        }
    }
    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
