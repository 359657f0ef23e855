//! The locale files are compiled into the binary by rust-i18n's macro, which cargo does not know
//! to watch: this build script tells cargo to rebuild when any of them changes.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=templates");
}
