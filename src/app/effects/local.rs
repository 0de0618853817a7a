//! The machine's own side effects: files, and (in a real terminal only) the clipboard and the
//! browser.
use crate::ports::LocalPort;

/// Files on disk; the clipboard and the browser only when the console runs in a terminal.
pub struct SystemLocal {
    pub terminal: bool,
}

impl LocalPort for SystemLocal {
    fn write_file(&self, path: &std::path::Path, contents: &str) -> Result<(), String> {
        std::fs::write(path, contents).map_err(|e| e.to_string())
    }

    fn copy_to_clipboard(&self, text: &str) {
        if self.terminal {
            use std::io::Write;
            let mut out = std::io::stdout();
            let _ = out.write_all(crate::domain::console_link::osc52(text).as_bytes());
            let _ = out.flush();
        }
    }

    fn open_url(&self, url: &str) {
        if self.terminal
            && let Some(opener) = system_opener()
        {
            let _ = std::process::Command::new(opener)
                .arg(url)
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn();
        }
    }
}

/// The system's URL opener, if one is on PATH.
fn system_opener() -> Option<&'static str> {
    let on_path = |name: &str| {
        std::env::var_os("PATH")
            .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
    };
    ["xdg-open", "open"].into_iter().find(|name| on_path(name))
}
