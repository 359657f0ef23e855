fn main() {
    std::process::exit(xieshang::cli::main());
}
