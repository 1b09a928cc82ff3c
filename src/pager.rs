//! Long output on a terminal goes through a pager, the way git does it, so the first screen
//! of a report — the answer — is what the person sees first, not the last lines. Never when
//! output is piped or redirected, and a pager that cannot run never costs the output: it is
//! then written straight to the terminal.

use std::io::Write;
use std::process::{Command, Stdio};

/// Whether `text` is longer than a terminal of `rows` lines can show at once.
pub fn needed(text: &str, rows: u16) -> bool {
    text.lines().count() >= usize::from(rows.max(1))
}

/// Shows `text` through the pager. Returns `false` when no pager showed it (none is set, it
/// could not be started, or the shell could not find it): the caller then writes it itself.
pub fn show(text: &str) -> bool {
    let chosen = choose(std::env::var("DGS_PAGER").ok(), std::env::var("PAGER").ok());
    chosen.is_some_and(|pager| show_with(&pager, text))
}

/// `DGS_PAGER`, else `PAGER`, else `less -R`. Empty or `cat` means no pager.
fn choose(dgs: Option<String>, pager: Option<String>) -> Option<String> {
    let chosen = dgs.or(pager).unwrap_or_else(|| "less -R".to_string());
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_string())
}

fn show_with(pager: &str, text: &str) -> bool {
    // As git does: a shell runs the command, so it may carry options; less is told to pass
    // colours through and to quit at once when the text fits after all.
    let mut shell = Command::new("sh");
    shell.arg("-c").arg(pager).stdin(Stdio::piped());
    if std::env::var_os("LESS").is_none() {
        shell.env("LESS", "FRX");
    }
    let Ok(mut child) = shell.spawn() else {
        return false;
    };
    let _ctrl_c = CtrlCToPager::new();
    if let Some(mut stdin) = child.stdin.take() {
        // A pager quit before the end closes its input: that is the person's choice.
        let _ = stdin.write_all(text.as_bytes());
    }
    match child.wait() {
        // 126/127: the shell could not run or find the pager, so nothing was shown.
        Ok(status) => !matches!(status.code(), Some(126 | 127)),
        Err(_) => false,
    }
}

/// While the pager has the terminal, Ctrl-C is the pager's (less stops a search with it), as
/// in git: were `dgs` to die of it, the shell would take the terminal back while the pager
/// still draws on it, and the notes that follow the report would be lost. Caught and ignored
/// for as long as this value lives.
struct CtrlCToPager {
    #[cfg(unix)]
    id: Option<signal_hook::SigId>,
}

impl CtrlCToPager {
    fn new() -> CtrlCToPager {
        CtrlCToPager {
            #[cfg(unix)]
            id: signal_hook::flag::register(
                signal_hook::consts::SIGINT,
                std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false)),
            )
            .ok(),
        }
    }
}

impl Drop for CtrlCToPager {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(id) = self.id.take() {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_means_a_screen_or_more() {
        assert!(!needed("a\nb\n", 3));
        assert!(needed("a\nb\nc\n", 3));
        assert!(needed("a\n", 0));
    }

    #[test]
    fn which_pager() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(choose(None, None).as_deref(), Some("less -R"));
        assert_eq!(choose(None, s("more")).as_deref(), Some("more"));
        assert_eq!(choose(s("most"), s("more")).as_deref(), Some("most"));
        assert_eq!(choose(s(""), s("more")), None);
        assert_eq!(choose(None, s(" cat ")), None);
    }

    #[test]
    fn the_text_reaches_the_pager_and_a_missing_pager_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("paged");
        assert!(show_with(
            &format!("cat > '{}'", out.display()),
            "line 1\nline 2\n"
        ));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "line 1\nline 2\n");
        assert!(!show_with("dgs-no-such-pager-here 2>/dev/null", "text\n"));
    }
}
