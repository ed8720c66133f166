//! Running tantivy code that may panic on a damaged index: the panic becomes an error the
//! caller reports ("index damaged: …"), without the panic message printed on the way.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Set while a guarded call runs on this thread: its panics are expected and reported.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`; a panic inside it is returned as its message. Panics elsewhere still print.
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = GUARDED.with(|g| g.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|panic| {
        panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(super::catch(|| 2 + 2), Ok(4));
        let r: Result<(), String> = super::catch(|| panic!("offset {} out of range", 7));
        assert_eq!(r, Err("offset 7 out of range".to_string()));
    }
}
