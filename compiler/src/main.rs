// Parsing allocates many small tree nodes; mimalloc makes that markedly cheaper than the system
// allocator (see benches/parse.rs, which uses it too).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let code = prismc::driver::on_compiler_stack(prismc::cli::main);
    std::process::exit(code);
}
