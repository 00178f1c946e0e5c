/// Stack for the compiler thread. The parser bounds nesting (500 levels), and the later stages
/// walk the tree recursively; at that depth unoptimised builds need far more than the 8 MiB main
/// thread, so the compiler runs on a thread of its own with room to spare.
const COMPILER_STACK_BYTES: usize = 512 * 1024 * 1024;

// Parsing allocates many small tree nodes; mimalloc makes that markedly cheaper than the system
// allocator (see benches/parse.rs, which uses it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let compiler = std::thread::Builder::new()
        .name("prismc".into())
        .stack_size(COMPILER_STACK_BYTES)
        .spawn(prismc::cli::main);
    let code = match compiler.map(|handle| handle.join()) {
        Ok(Ok(code)) => code,
        Ok(Err(_)) => 101,
        Err(e) => {
            eprintln!("error: cannot start the compiler thread: {e}");
            2
        }
    };
    std::process::exit(code);
}
