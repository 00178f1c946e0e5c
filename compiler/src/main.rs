fn main() {
    std::process::exit(prismc::cli::main());
}
