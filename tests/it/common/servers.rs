//! Real git servers for the transfer tests (push, fetch, clone of dossiers), started by the test
//! itself on 127.0.0.1 and gone when it ends: a bare repository reached by `file://`, a
//! `git daemon` (`git://`) and an OpenSSH `sshd` (`ssh://` and the scp-like `user@host:path`).
//! The tool runs the system `git` for transfers, so these are the servers a user's git talks to.
//!
//! * Everything listens on 127.0.0.1 only, on a port the kernel handed out (bound to
//!   `127.0.0.1:0` and released; if another process takes it before the server binds, the
//!   server exits and is started again on a new port). A server is ready once its own log says
//!   it listens and it answers on the port, so another test's server that was handed the same
//!   port is never taken for it.
//! * Everything lives in temporary folders; no global configuration is read or written: child
//!   processes get `HOME` in a temporary folder and `GIT_CONFIG_NOSYSTEM=1`, and the ssh client
//!   runs with `-F /dev/null` and no known-hosts file.
//! * A server is killed and reaped when its value is dropped.
//! * A test that needs a program calls [`need`] first: outside CI a missing program skips the
//!   test (one line on stderr says which and why); with `CI` set it fails the test with what to
//!   install.
//!
//! Bare repositories are made with `git init --bare --initial-branch=main` (the branch the tool
//! uses) and otherwise git's defaults: `receive.denyNonFastForwards` is not set, so a forced push
//! is accepted; use [`set_config`] on the repository to change that.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use std::fmt::Write as _;
use std::fs::File;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long a server gets to accept connections after it was started.
const READY_TIMEOUT: Duration = Duration::from_secs(10);
/// How many ports a server is tried on before giving up (only a lost port race retries).
const PORT_ATTEMPTS: usize = 5;
const LOCALHOST: Ipv4Addr = Ipv4Addr::LOCALHOST;

// ---------------------------------------------------------------------------------------------
// Which programs are there

/// Whether `CI` is set (to anything): then a missing program fails the test instead of skipping.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some()
}

/// Whether `program` can be run. Besides plain names looked up in `PATH`, two names are special:
/// `git-daemon` (found in `git --exec-path`, else `/usr/lib/git-core/git-daemon`) and `sshd`
/// (`/usr/sbin/sshd`, else in `PATH`).
pub fn available(program: &str) -> bool {
    locate(program).is_some()
}

/// [`need`] for one program.
pub fn require(program: &str) -> bool {
    need(&[program])
}

/// True when all `programs` are there (see [`available`] for the names). Otherwise: with `CI`
/// unset, prints one line saying which test is skipped and why, and returns false (the test
/// returns at once); with `CI` set, panics with the packages to install.
pub fn need(programs: &[&str]) -> bool {
    let missing: Vec<&str> = programs.iter().copied().filter(|p| !available(p)).collect();
    if missing.is_empty() {
        return true;
    }
    let mut packages: Vec<&str> = missing.iter().map(|p| package_of(p)).collect();
    packages.dedup();
    let test = std::thread::current()
        .name()
        .unwrap_or("this test")
        .to_string();
    assert!(
        !in_ci(),
        "{test}: CI is set and {missing:?} not found; install them: \
         apt-get install {} (git-daemon ships in Debian's `git` package as \
         /usr/lib/git-core/git-daemon, sshd in `openssh-server`)",
        packages.join(" ")
    );
    // Straight to stderr, past the test harness's output capture, so the skip is seen.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {missing:?} not found (install: {}); with CI set this fails",
        packages.join(" ")
    );
    false
}

/// The Debian package that provides `program`.
fn package_of(program: &str) -> &str {
    match program {
        "git" | "git-daemon" => "git",
        "sshd" => "openssh-server",
        "ssh" | "ssh-keygen" => "openssh-client",
        "pdftotext" | "pdftoppm" | "pdffonts" => "poppler-utils",
        other => other,
    }
}

fn locate(program: &str) -> Option<PathBuf> {
    match program {
        "git-daemon" => git_daemon_path(),
        "sshd" => sshd_path(),
        other => on_path(other),
    }
}

fn is_executable(p: &Path) -> bool {
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

/// `git daemon` is not a builtin: `git` runs `<exec-path>/git-daemon` as a child and waits, so
/// killing `git` would leave the daemon running. The harness runs the daemon program itself,
/// from the exec path of the `git` first in `PATH` (the same git the tests run), falling back
/// to Debian's place for it.
fn git_daemon_path() -> Option<PathBuf> {
    let from_git = Command::new("git")
        .arg("--exec-path")
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()).join("git-daemon"));
    from_git
        .into_iter()
        .chain([PathBuf::from("/usr/lib/git-core/git-daemon")])
        .find(|p| is_executable(p))
}

/// sshd re-executes itself and so must be started by absolute path.
fn sshd_path() -> Option<PathBuf> {
    let debian = PathBuf::from("/usr/sbin/sshd");
    if is_executable(&debian) {
        return Some(debian);
    }
    on_path("sshd").and_then(|p| p.canonicalize().ok())
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/// Shuts the user's and the system's configuration out of a git (or other) child process:
/// `HOME` and `XDG_CONFIG_HOME` are `home`, no system config, no terminal prompts, and no
/// repository selected by the environment (`cargo test` run from a git hook has `GIT_DIR`).
pub fn isolate<'a>(cmd: &'a mut Command, home: &Path) -> &'a mut Command {
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env_remove("GIT_CONFIG_GLOBAL")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .env_remove("GIT_ALTERNATE_OBJECT_DIRECTORIES")
        .env_remove("GIT_SSH")
        .env_remove("GIT_SSH_COMMAND")
        .env_remove("GIT_PROXY_COMMAND")
}

/// The system `git` in `cwd`, isolated with [`isolate`] (`home` must exist), with `env` added
/// (for example `("GIT_SSH_COMMAND", sshd.ssh_command())`). Must succeed; its trimmed stdout.
pub fn git_in(cwd: &Path, home: &Path, env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = Command::new("git");
    isolate(&mut cmd, home)
        .current_dir(cwd)
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "git {args:?} in {}: {}{}",
        cwd.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

/// `git init --bare --initial-branch=main <path>` (parents created), without user config.
pub fn init_bare(path: &Path) {
    std::fs::create_dir_all(path).unwrap();
    let home = tempfile::tempdir().unwrap();
    git_in(
        path,
        home.path(),
        &[],
        &["init", "--bare", "--quiet", "--initial-branch=main", "."],
    );
}

/// `git config <key> <value>` in the (bare) repository at `repo`, for example
/// `set_config(path, "receive.denyNonFastForwards", "true")`.
pub fn set_config(repo: &Path, key: &str, value: &str) {
    let home = tempfile::tempdir().unwrap();
    git_in(repo, home.path(), &[], &["config", key, value]);
}

/// Quotes `s` for `sh` (as `GIT_SSH_COMMAND` is run by a shell).
fn sh_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-=:@,+".contains(&b))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// A port that was free a moment ago on 127.0.0.1.
fn free_port() -> u16 {
    TcpListener::bind((LOCALHOST, 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn connect(port: u16) -> Option<TcpStream> {
    let s = TcpStream::connect_timeout(
        &SocketAddr::from((LOCALHOST, port)),
        Duration::from_millis(500),
    )
    .ok()?;
    s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    s.set_write_timeout(Some(Duration::from_secs(2))).ok()?;
    Some(s)
}

fn read_log(log: &Path) -> String {
    std::fs::read_to_string(log).unwrap_or_else(|e| format!("(no log {}: {e})", log.display()))
}

fn stop(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}

/// Starts a server on a free port: `spawn(port)` starts it (its stderr into `log`), `ready(port)`
/// says whether it answers as it should. A server that exits before it is ready (it lost the
/// port to another process) is started again on another port.
///
/// Ready also needs `listening` in the server's own log, the line it writes once it holds the
/// port: a test beside this one may have been handed the same free port a moment earlier, and
/// until this server has tried to bind it (and exited on failing), the answer on the port may be
/// that other test's server of the same kind.
pub fn start_on_free_port(
    what: &str,
    log: &Path,
    listening: impl Fn(u16) -> String,
    mut spawn: impl FnMut(u16, File) -> Child,
    ready: impl Fn(u16) -> bool,
) -> (Child, u16) {
    let mut exits = String::new();
    for _ in 0..PORT_ATTEMPTS {
        let port = free_port();
        let mut child = spawn(port, File::create(log).unwrap());
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                let _ = write!(exits, "\n-- port {port}: {status}\n{}", read_log(log));
                break;
            }
            if read_log(log).contains(&listening(port))
                && ready(port)
                && child.try_wait().unwrap().is_none()
            {
                return (child, port);
            }
            if Instant::now() > deadline {
                stop(&mut child);
                panic!(
                    "{what} on 127.0.0.1:{port} not ready after {READY_TIMEOUT:?}; its log:\n{}",
                    read_log(log)
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    panic!("{what} exited before it was ready, {PORT_ATTEMPTS} times:{exits}");
}

/// `<dir>/<name>.git`, refusing names that would leave `dir`.
fn repo_path(dir: &Path, name: &str) -> PathBuf {
    assert!(
        !name.is_empty()
            && !Path::new(name).is_absolute()
            && Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_))),
        "repository name {name:?}: a relative path without `..`"
    );
    dir.join(format!("{name}.git"))
}

// ---------------------------------------------------------------------------------------------
// file://

/// A bare repository `<tmp>/<name>.git`, reached by path or `file://`.
pub struct Bare {
    pub dir: TempDir,
    path: PathBuf,
}

impl Bare {
    pub fn new(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = repo_path(&dir.path().canonicalize().unwrap(), name);
        init_bare(&path);
        Bare { dir, path }
    }

    /// The repository's absolute path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `file:///tmp/…/<name>.git`.
    pub fn file_url(&self) -> String {
        format!("file://{}", self.path.display())
    }
}

// ---------------------------------------------------------------------------------------------
// git://

/// `git daemon` serving `<tmp>/repos` on 127.0.0.1 with pushes enabled:
/// `--verbose --reuseaddr --listen=127.0.0.1 --port=N --base-path=<repos> --export-all
/// --enable=receive-pack --informative-errors <repos>`. Killed when dropped.
pub struct GitDaemon {
    pub dir: TempDir,
    root: PathBuf,
    port: u16,
    log: PathBuf,
    child: Child,
}

impl GitDaemon {
    pub fn start() -> Self {
        let program = git_daemon_path().unwrap_or_else(|| {
            panic!("git-daemon not found (call servers::need(&[\"git-daemon\"]) first)")
        });
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let root = base.join("repos");
        let home = base.join("home");
        std::fs::create_dir(&root).unwrap();
        std::fs::create_dir(&home).unwrap();
        let log = base.join("git-daemon.log");
        let (child, port) = start_on_free_port(
            "git daemon",
            &log,
            // Written (with `--verbose`) once its sockets are bound.
            |_| "Ready to rumble".to_string(),
            |port, log| {
                let mut cmd = Command::new(&program);
                isolate(&mut cmd, &home)
                    .current_dir(&base)
                    .arg("--verbose")
                    .arg("--reuseaddr")
                    .arg("--listen=127.0.0.1")
                    .arg(format!("--port={port}"))
                    .arg(format!("--base-path={}", root.display()))
                    .arg("--export-all")
                    .arg("--enable=receive-pack")
                    .arg("--informative-errors")
                    .arg(&root)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(log)
                    .spawn()
                    .unwrap()
            },
            daemon_answers,
        );
        GitDaemon {
            dir,
            root,
            port,
            log,
            child,
        }
    }

    /// Creates the bare repository `<root>/<rel>.git` (`rel` may have folders); its path. Its URL
    /// is `url("<rel>.git")`.
    pub fn create_bare(&self, rel: &str) -> PathBuf {
        let path = repo_path(&self.root, rel);
        init_bare(&path);
        path
    }

    /// `git://127.0.0.1:PORT/<rel>` (`rel` relative to the served root, e.g. `a.git`).
    pub fn url(&self, rel: &str) -> String {
        format!(
            "git://127.0.0.1:{}/{}",
            self.port,
            rel.trim_start_matches('/')
        )
    }

    /// The folder served (the daemon's base path).
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// What the daemon wrote to stderr so far.
    pub fn log(&self) -> String {
        read_log(&self.log)
    }
}

impl Drop for GitDaemon {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Whether a git daemon answers on `port`: asks for a repository that does not exist and
/// expects a pkt-line back (`…ERR …`), so a port some other program took does not count.
pub fn daemon_answers(port: u16) -> bool {
    let Some(mut s) = connect(port) else {
        return false;
    };
    let payload = "git-upload-pack /.harness-probe\0host=127.0.0.1\0";
    let request = format!("{:04x}{payload}", payload.len() + 4);
    if s.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 8];
    s.read_exact(&mut head).is_ok()
        && head[..4].iter().all(u8::is_ascii_hexdigit)
        && &head[4..] == b"ERR "
}

// ---------------------------------------------------------------------------------------------
// ssh://

/// OpenSSH `sshd -D -e -f <tmp>/sshd_config` on 127.0.0.1, for the current user (`id -un`;
/// root in CI), with a throwaway host key and a throwaway client key (the only authorized one).
/// Git over ssh runs `git-upload-pack`/`git-receive-pack` through the user's login shell with
/// sshd's default `PATH`; the config sets the session's `HOME` to a temporary folder (so no
/// `~/.bashrc`, `~/.gitconfig`), `GIT_CONFIG_NOSYSTEM=1`, and accepts `GIT_PROTOCOL` (protocol
/// v2, as hosting sites do). Killed when dropped.
pub struct Sshd {
    pub dir: TempDir,
    repos: PathBuf,
    home: PathBuf,
    key: PathBuf,
    user: String,
    port: u16,
    log: PathBuf,
    child: Child,
}

impl Sshd {
    pub fn start() -> Self {
        let program = sshd_path().unwrap_or_else(|| {
            panic!(
                "sshd not found (call servers::need(&[\"sshd\", \"ssh\", \"ssh-keygen\"]) first)"
            )
        });
        let user = id(&["-un"]);
        if id(&["-u"]) == "0" {
            // sshd started by root insists on its privilege-separation folder (Debian's
            // package makes it only when the service starts).
            let privsep = Path::new("/run/sshd");
            if !privsep.is_dir() {
                std::fs::create_dir_all(privsep).unwrap();
                std::fs::set_permissions(privsep, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let repos = base.join("repos");
        let home = base.join("home");
        std::fs::create_dir(&repos).unwrap();
        std::fs::create_dir(&home).unwrap();
        let host_key = base.join("host_ed25519");
        let key = base.join("client_ed25519");
        keygen(&host_key);
        keygen(&key);
        let authorized = base.join("authorized_keys");
        std::fs::copy(key.with_extension("pub"), &authorized).unwrap();
        std::fs::set_permissions(&authorized, std::fs::Permissions::from_mode(0o600)).unwrap();

        let mut config = String::new();
        for (k, v) in [
            ("ListenAddress", "127.0.0.1".to_string()),
            ("Port", "{PORT}".to_string()),
            ("HostKey", host_key.display().to_string()),
            ("PidFile", base.join("sshd.pid").display().to_string()),
            ("AuthorizedKeysFile", authorized.display().to_string()),
            ("AllowUsers", user.clone()),
            ("PubkeyAuthentication", "yes".into()),
            ("PasswordAuthentication", "no".into()),
            ("KbdInteractiveAuthentication", "no".into()),
            ("UsePAM", "no".into()),
            ("StrictModes", "no".into()),
            ("PermitRootLogin", "yes".into()),
            ("AcceptEnv", "GIT_PROTOCOL".into()),
            (
                "SetEnv",
                format!("HOME={} GIT_CONFIG_NOSYSTEM=1", home.display()),
            ),
            ("PrintMotd", "no".into()),
            ("PrintLastLog", "no".into()),
            ("X11Forwarding", "no".into()),
            ("AllowTcpForwarding", "no".into()),
            ("LogLevel", "VERBOSE".into()),
        ] {
            let _ = writeln!(config, "{k} {v}");
        }
        let config_path = base.join("sshd_config");
        // OpenSSH 9.8 and later count connections that never authenticate (like the readiness
        // probe) against 127.0.0.1; older versions refuse the option, so it goes in only when
        // `sshd -t` accepts it. `sshd -t` also reports a bad config here, before any port.
        let with_penalties = format!("{config}PerSourcePenalties no\n");
        config = if sshd_accepts(&program, &config_path, &with_penalties) {
            with_penalties
        } else {
            assert!(
                sshd_accepts(&program, &config_path, &config),
                "sshd -t rejects the config:\n{config}\n{}",
                sshd_check(&program, &config_path, &config)
            );
            config
        };

        let log = base.join("sshd.log");
        let (child, port) = start_on_free_port(
            "sshd",
            &log,
            |port| format!("Server listening on 127.0.0.1 port {port}."),
            |port, log| {
                std::fs::write(&config_path, config.replace("{PORT}", &port.to_string())).unwrap();
                Command::new(&program)
                    .arg("-D")
                    .arg("-e")
                    .arg("-f")
                    .arg(&config_path)
                    .current_dir(&base)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(log)
                    .spawn()
                    .unwrap()
            },
            ssh_banner,
        );
        Sshd {
            dir,
            repos,
            home,
            key,
            user,
            port,
            log,
            child,
        }
    }

    /// Creates the bare repository `<tmp>/repos/<name>.git` (`name` may have folders); its
    /// absolute path, for [`Sshd::ssh_url`] and [`Sshd::scp_url`].
    pub fn create_bare(&self, name: &str) -> PathBuf {
        let path = repo_path(&self.repos, name);
        init_bare(&path);
        path
    }

    /// `ssh://USER@127.0.0.1:PORT/abs/path`: the port is in the URL.
    pub fn ssh_url(&self, path: &Path) -> String {
        assert!(path.is_absolute(), "{} is not absolute", path.display());
        format!(
            "ssh://{}@127.0.0.1:{}{}",
            self.user,
            self.port,
            path.display()
        )
    }

    /// `USER@127.0.0.1:/abs/path`, the scp-like form. It has no room for a port: it works only
    /// with the `-p PORT` in [`Sshd::ssh_command`] (set as `GIT_SSH_COMMAND`).
    pub fn scp_url(&self, path: &Path) -> String {
        assert!(path.is_absolute(), "{} is not absolute", path.display());
        format!("{}@127.0.0.1:{}", self.user, path.display())
    }

    /// The value for `GIT_SSH_COMMAND`: `ssh -F /dev/null -i <key> -o IdentitiesOnly=yes
    /// -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes
    /// -o LogLevel=ERROR -p PORT` (also no global known-hosts file, and a quick key exchange).
    /// With an `ssh://` URL git adds the URL's port (the same) after these.
    pub fn ssh_command(&self) -> String {
        std::iter::once("ssh".to_string())
            .chain(self.ssh_args())
            .map(|a| sh_quote(&a))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `("GIT_SSH_COMMAND", …)` for [`git_in`].
    pub fn git_env(&self) -> (&'static str, String) {
        ("GIT_SSH_COMMAND", self.ssh_command())
    }

    fn ssh_args(&self) -> Vec<String> {
        let mut args = vec![
            "-F".to_string(),
            "/dev/null".to_string(),
            "-i".to_string(),
            self.key.display().to_string(),
        ];
        for o in [
            "IdentitiesOnly=yes",
            "StrictHostKeyChecking=no",
            "UserKnownHostsFile=/dev/null",
            "GlobalKnownHostsFile=/dev/null",
            "BatchMode=yes",
            "LogLevel=ERROR",
            // The default post-quantum key exchange costs the client ~0.1 s of CPU per
            // connection, a third of each git transfer over ssh here.
            "KexAlgorithms=curve25519-sha256",
        ] {
            args.push("-o".into());
            args.push(o.into());
        }
        args.push("-p".into());
        args.push(self.port.to_string());
        args
    }

    /// Runs `remote` (a shell command line) on the server as the user, as git's transport does.
    pub fn ssh(&self, remote: &str) -> Output {
        Command::new("ssh")
            .args(self.ssh_args())
            .arg(format!("{}@127.0.0.1", self.user))
            .arg(remote)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    pub fn user(&self) -> &str {
        &self.user
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// `HOME` of the sessions sshd starts (an empty temporary folder).
    pub fn session_home(&self) -> &Path {
        &self.home
    }

    /// The client's private key.
    pub fn key(&self) -> &Path {
        &self.key
    }

    /// What sshd wrote to stderr so far (`LogLevel VERBOSE`).
    pub fn log(&self) -> String {
        read_log(&self.log)
    }
}

impl Drop for Sshd {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// `id <args>`, trimmed.
fn id(args: &[&str]) -> String {
    let o = Command::new("id").args(args).output().unwrap();
    assert!(o.status.success(), "id {args:?} failed");
    String::from_utf8(o.stdout).unwrap().trim().to_string()
}

fn keygen(path: &Path) {
    let o = Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-C", "xieshang-test", "-f"])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "ssh-keygen: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// `sshd -t` on `config` (with a placeholder port): its stderr, empty when accepted.
fn sshd_check(program: &Path, config_path: &Path, config: &str) -> String {
    std::fs::write(config_path, config.replace("{PORT}", "22")).unwrap();
    let o = Command::new(program)
        .arg("-t")
        .arg("-f")
        .arg(config_path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if o.status.success() {
        String::new()
    } else {
        format!("{}\n{}", o.status, String::from_utf8_lossy(&o.stderr))
    }
}

fn sshd_accepts(program: &Path, config_path: &Path, config: &str) -> bool {
    sshd_check(program, config_path, config).is_empty()
}

/// Whether an SSH server greets on `port` (`SSH-2.0-…`).
fn ssh_banner(port: u16) -> bool {
    let Some(mut s) = connect(port) else {
        return false;
    };
    let mut banner = Vec::new();
    let mut byte = [0u8; 1];
    while banner.len() < 255 && s.read_exact(&mut byte).is_ok() && byte[0] != b'\n' {
        banner.push(byte[0]);
    }
    banner.starts_with(b"SSH-")
}
