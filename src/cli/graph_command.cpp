// `infra graph STACK [--format dot|mermaid|svg] [--level resources|constructs]
// [--out FILE]`: the architecture diagram of a stack (src/graph.hpp),
// drawn from the construct tree after synthesis linked its cross-stack
// references. DOT and Mermaid are written by us; SVG is DOT laid out by
// Graphviz's `dot`. Nothing is written to the output folder.
#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include <unistd.h>

#include "child_process.hpp"
#include "command.hpp"
#include "infra/app.hpp"
#include "infra/cli.hpp"
#include "infra/error.hpp"
#include "infra/file_system.hpp"
#include "graph.hpp"
#include "infra/synthesizer.hpp"
#include "synth_step.hpp"

namespace fs = std::filesystem;

namespace infra::cli {

namespace {

struct GraphOptions {
    std::string stack;
    std::string format = "dot";
    std::string level = "resources";
    std::string out;
};

// Replaces `target` atomically: a reader never sees half a diagram. A --out
// that cannot be written is a bad argument.
void write_atomically(const fs::path& target, const std::string& bytes) {
    try {
        write_file_atomically(target, bytes);
    } catch (const FileError& e) {
        throw UsageError(e.what());
    }
}

// DOT laid out by Graphviz: `dot -Tsvg` on a temporary file.
std::string to_svg(const std::string& dot) {
    const fs::path input = fs::temp_directory_path() / fmt::format("infra-graph-{}.dot", ::getpid());
    {
        std::ofstream out(input, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(fmt::format("{}: cannot write", input.string()));
        out << dot;
    }
    std::string svg;
    try {
        svg = capture_child("dot", {"-Tsvg", input.string()});
    } catch (...) {
        std::error_code ignored;
        fs::remove(input, ignored);
        throw;
    }
    std::error_code ignored;
    fs::remove(input, ignored);
    return svg;
}

int run_graph(Context& context, const GraphOptions& options) {
    if (options.format == "svg" && !on_path("dot"))
        throw UsageError("svg needs Graphviz's dot on PATH (Debian package graphviz); use --format dot or mermaid");
    // Built and linked as synth does: the stack's outputs and dependencies
    // are those synth writes. No schemas or rules: a diagram is wanted for
    // a stack that does not pass them yet, too.
    App& app = build_stacks(context, {options.stack});
    const SynthesisResult result = synthesize(app, {options.stack});
    for (const auto& d : result.diagnostics) spdlog::debug("{}: {}", d.path, d.message);

    const Stack* stack = app.find_stack(options.stack);
    if (stack == nullptr) throw UsageError(fmt::format("unknown stack \"{}\"", options.stack));
    const GraphLevel level = options.level == "constructs" ? GraphLevel::Constructs : GraphLevel::Resources;
    const ArchitectureGraph graph = build_architecture_graph(*stack, level);

    std::string text;
    if (options.format == "mermaid") text = render_mermaid(graph);
    else if (options.format == "svg") text = to_svg(render_dot(graph));
    else text = render_dot(graph);

    if (options.out.empty()) {
        std::cout << text;
        std::cout.flush();
    } else {
        write_atomically(options.out, text);
        spdlog::info("{}: {} nodes, {} edges -> {}", options.stack, graph.nodes.size(), graph.edges.size(), options.out);
    }
    return kExitOk;
}

}  // namespace

void add_graph_command(CLI::App& cli, Context& context) {
    auto options = std::make_shared<GraphOptions>();
    auto* cmd = cli.add_subcommand("graph", "Draw a stack's architecture diagram (DOT, Mermaid or SVG)");
    cmd->add_option("stack", options->stack, "The stack to draw")->required();
    cmd->add_option("--format", options->format, "dot (default), mermaid, or svg (needs Graphviz's dot on PATH)")
        ->check(CLI::IsMember({"dot", "mermaid", "svg"}));
    cmd->add_option("--level", options->level,
                    "resources (default): every resource and data source, clustered by construct; constructs: one "
                    "node per construct of the stack")
        ->check(CLI::IsMember({"resources", "constructs"}));
    cmd->add_option("--out", options->out, "Write to FILE instead of stdout")->type_name("FILE");
    add_settings_options(*cmd, context);
    cmd->footer(
        "Examples:\n"
        "  infra graph dev | dot -Tpng > dev.png\n"
        "  infra graph dev --level constructs --format mermaid\n"
        "  infra graph prod --format svg --out prod.svg");
    cmd->callback([&context, options] {
        context.action = [&context, options] { return run_graph(context, *options); };
    });
}

}  // namespace infra::cli
