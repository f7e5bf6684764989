// Rendering, the last stage of synthesis: a checked stack becomes its
// main.tf.json bytes and the files (asset zips) written beside it.
#include "stack_rendering.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string_view>

#include "infra/asset.hpp"
#include "infra/body_view.hpp"
#include "infra/error.hpp"
#include "expression_renderer.hpp"
#include "json_writer.hpp"
#include "infra/output.hpp"
#include "infra/provider.hpp"
#include "infra/resource_base.hpp"
#include "infra/stack.hpp"

namespace infra {

namespace {

Value::Map& child_map(Value::Map& parent, const std::string& key) {
    auto it = parent.find(key);
    if (it == parent.end()) it = parent.emplace(key, Value(Value::Map{})).first;
    return it->second.as_map();
}

Value::Map terraform_block(const Stack& stack, const std::vector<const TerraformElement*>& elements) {
    Value::Map terraform;
    if (std::string version = stack.required_version(); !version.empty())
        terraform.emplace("required_version", std::move(version));
    Value::Map required;
    for (const TerraformElement* e : elements) {
        if (e->element_kind() != ElementKind::Provider) continue;
        const ProviderConfig& p = static_cast<const Provider*>(e)->config();
        Value::Map entry;
        if (!p.source.empty()) entry.emplace("source", p.source);
        if (!p.version.empty()) entry.emplace("version", p.version);
        auto [it, inserted] = required.emplace(p.name, Value(entry));
        if (!inserted && to_json(it->second) != to_json(Value(entry)))
            throw Error(fmt::format("{}: provider \"{}\" is declared with a different source or version elsewhere "
                                    "in stack {}",
                                    e->path(), p.name, stack.name()));
    }
    if (!required.empty()) terraform.emplace("required_providers", std::move(required));
    if (stack.backend()) {
        auto [name, settings] = backend_block(*stack.backend());
        if (Value(settings).contains_expr())
            throw Error(fmt::format("stack {}: backend \"{}\" settings cannot contain references or expressions",
                                    stack.name(), name));
        terraform.emplace("backend", Value::map({{name, Value(std::move(settings))}}));
    }
    return terraform;
}

// The document of a stack without its resources and data sources: the few
// blocks (providers, variables, outputs, locals, moved, import) built as a
// Value. Resources and data sources, the bulk of any large stack, are
// streamed by write_stack_json instead.
Value stack_document(Stack& stack, const std::vector<const TerraformElement*>& elements) {
    const RenderContext context{&stack};
    Value::Map doc;
    doc.emplace("//", Value::map({{"metadata", Value::map({{"generator", "infra"}, {"stack", stack.name()}})}}));
    doc.emplace("terraform", terraform_block(stack, elements));

    Value::Map locals;
    for (const TerraformElement* e : elements) {
        if (e->element_kind() == ElementKind::Resource || e->element_kind() == ElementKind::DataSource) continue;
        Value body = resolve(Value(e->rendered_body()), context);
        const std::string& id = e->logical_id();
        switch (e->element_kind()) {
            case ElementKind::Resource:
            case ElementKind::DataSource:
                break;
            case ElementKind::Provider: {
                const auto* p = static_cast<const Provider*>(e);
                auto& providers = child_map(doc, "provider");
                auto it = providers.find(p->config().name);
                if (it == providers.end()) it = providers.emplace(p->config().name, Value(Value::List{})).first;
                it->second.as_list().push_back(std::move(body));
                break;
            }
            case ElementKind::Variable:
                child_map(doc, "variable").emplace(id, std::move(body));
                break;
            case ElementKind::Output:
                child_map(doc, "output").emplace(id, std::move(body));
                break;
            case ElementKind::Local: {
                auto& m = body.as_map();
                auto it = m.find("value");
                locals.emplace(id, it == m.end() ? Value() : std::move(it->second));
                break;
            }
        }
    }
    if (!locals.empty()) doc.emplace("locals", std::move(locals));

    // Providers are lists in element order; sort them so adding a provider
    // construct elsewhere in the tree does not reorder the output.
    if (auto it = doc.find("provider"); it != doc.end()) {
        for (auto& [name, list] : it->second.as_map()) {
            auto& items = list.as_list();
            std::stable_sort(items.begin(), items.end(), [](const Value& a, const Value& b) {
                const auto alias = [](const Value& v) {
                    auto f = v.as_map().find("alias");
                    return f == v.as_map().end() ? std::string() : f->second.as_string();
                };
                return alias(a) < alias(b);
            });
        }
    }

    if (!stack.moved_blocks().empty()) {
        Value::List moved;
        for (const auto& m : stack.moved_blocks())
            moved.push_back(Value::map({{"from", m.from}, {"to", m.to->address()}}));
        doc.emplace("moved", std::move(moved));
    }
    if (!stack.import_blocks().empty()) {
        Value::List imports;
        for (const auto& i : stack.import_blocks())
            imports.push_back(Value::map({{"to", i.to->address()}, {"id", resolve(i.id, context)}}));
        doc.emplace("import", std::move(imports));
    }
    return Value(std::move(doc));
}

}  // namespace

std::vector<ArtifactFile> asset_files(Stack& stack) {
    std::vector<ArtifactFile> files;
    walk(stack, [&](Construct& c) {
        if (const auto* asset = dynamic_cast<const Asset*>(&c)) {
            for (const auto& f : files)
                if (f.path == asset->path_in_stack() && f.bytes != asset->zip_bytes())
                    throw Error(fmt::format("stack {}: two different assets map to {}; rename one of them ({})",
                                            stack.name(), f.path, asset->path()));
            files.push_back({asset->path_in_stack(), asset->zip_bytes()});
        }
    });
    std::sort(files.begin(), files.end(), [](const ArtifactFile& a, const ArtifactFile& b) { return a.path < b.path; });
    files.erase(std::unique(files.begin(), files.end(), [](const ArtifactFile& a, const ArtifactFile& b) { return a.path == b.path; }),
                files.end());
    return files;
}

namespace {

// A resource or data source block, by what orders it in the document:
// its type (as a rank among the stack's types, so sorting compares numbers
// rather than the same long type names over and over) and its logical ID.
struct Block {
    std::uint32_t type_rank;
    const std::string* type;
    const std::string* id;
    const TerraformElement* element;
};

// `blocks` (sorted by type, then ID) as the "resource" or "data" object:
// type -> logical ID -> body, each body written straight from its element.
// With `take`, the buffer is handed over and emptied whenever it holds
// kPieceSize bytes, so a large document is never whole in memory.
constexpr std::size_t kBlocksToEstimate = 256;
constexpr std::size_t kPieceSize = 1 << 20;

void write_blocks(const std::vector<Block>& blocks, const RenderContext& context, JsonWriter& out,
                  const std::function<void(std::string_view)>* take) {
    BodyView view;  // reused: its buffers serve every element
    out.begin_object();
    std::string& buffer = out.buffer();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (i == 0 || blocks[i].type_rank != blocks[i - 1].type_rank) {
            if (i > 0) out.end_object();
            out.key(*blocks[i].type);
            out.begin_object();
        }
        out.key(*blocks[i].id);
        blocks[i].element->view_rendered_body(view);
        write_resolved(view, context, out);
        if (take != nullptr) {
            if (buffer.size() >= kPieceSize) {
                (*take)(buffer);
                buffer.clear();
            }
        } else if (i + 1 == kBlocksToEstimate && blocks.size() > 2 * kBlocksToEstimate) {
            // Reserve the whole document once its size can be estimated, so
            // the buffer is not regrown (and copied) a dozen times on a large
            // stack. Reserved pages that are never written cost no memory.
            buffer.reserve(buffer.size() / kBlocksToEstimate * blocks.size() * 5 / 4);
        }
    }
    if (!blocks.empty()) out.end_object();
    out.end_object();
}

// A stack's document with everything that can fail already done: the small
// blocks built (stack_document throws for what only rendering sees), the
// resource and data blocks sorted. Writing it cannot throw infra::Error.
struct PreparedDocument {
    Stack* stack;
    Value doc;
    std::vector<Block> resources;
    std::vector<Block> data;
};

PreparedDocument prepare_document(Stack& stack, const std::vector<const TerraformElement*>& elements) {
    PreparedDocument prepared{&stack, stack_document(stack, elements), {}, {}};
    std::vector<Block>& resources = prepared.resources;
    std::vector<Block>& data = prepared.data;
    std::map<std::string_view, std::uint32_t> type_ranks;
    for (const TerraformElement* e : elements) {
        if (e->element_kind() != ElementKind::Resource && e->element_kind() != ElementKind::DataSource) continue;
        const std::string& type = static_cast<const ResourceBase*>(e)->terraform_type();
        (e->element_kind() == ElementKind::Resource ? resources : data).push_back({0, &type, &e->logical_id(), e});
        type_ranks.emplace(type, 0);
    }
    std::uint32_t rank = 0;
    for (auto& [type, r] : type_ranks) r = rank++;
    for (auto* blocks : {&resources, &data})
        for (Block& b : *blocks) b.type_rank = type_ranks.find(*b.type)->second;
    const auto by_type_and_id = [](const Block& a, const Block& b) {
        if (a.type_rank != b.type_rank) return a.type_rank < b.type_rank;
        return *a.id < *b.id;
    };
    std::sort(resources.begin(), resources.end(), by_type_and_id);
    std::sort(data.begin(), data.end(), by_type_and_id);
    return prepared;
}

// The document is written as one stream: the small blocks from
// stack_document, with the "data" and "resource" sections written in their
// key order from the tree itself. The bytes are those of to_json() of the
// whole document built as a Value, without building it. Into `out`, or,
// with `take`, handed over a piece at a time (the rest left in `out`).
void write_document(const PreparedDocument& prepared, std::string& out,
                    const std::function<void(std::string_view)>* take) {
    const RenderContext context{prepared.stack};
    JsonWriter writer(out);
    struct Section {
        std::string_view key;
        const std::vector<Block>* blocks;
    };
    // In key order, as the document's own keys are.
    const Section sections[] = {{"data", &prepared.data}, {"resource", &prepared.resources}};
    std::size_t next_section = 0;
    // Writes the sections that sort before `key` (all that are left when
    // `key` is null).
    const auto write_sections_before = [&](const std::string* key) {
        for (; next_section < std::size(sections) && (key == nullptr || sections[next_section].key < *key);
             ++next_section) {
            if (sections[next_section].blocks->empty()) continue;
            writer.key(sections[next_section].key);
            write_blocks(*sections[next_section].blocks, context, writer, take);
        }
    };
    writer.begin_object();
    for (const auto& [key, value] : prepared.doc.as_map()) {
        write_sections_before(&key);
        writer.key(key);
        writer.value(value);
    }
    write_sections_before(nullptr);
    writer.end_object();
    out += '\n';
}

}  // namespace

std::string render_stack_json(Stack& stack, const std::vector<const TerraformElement*>& elements) {
    const PreparedDocument prepared = prepare_document(stack, elements);
    std::string out;
    write_document(prepared, out, nullptr);
    return out;
}

ContentProducer stack_json_producer(Stack& stack, const std::vector<const TerraformElement*>& elements) {
    auto prepared = std::make_shared<const PreparedDocument>(prepare_document(stack, elements));
    return [prepared](const std::function<void(std::string_view)>& take) {
        std::string buffer;
        write_document(*prepared, buffer, &take);
        if (!buffer.empty()) take(buffer);
    };
}

}  // namespace infra
