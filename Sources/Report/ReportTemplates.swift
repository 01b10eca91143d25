import Foundation
import Mustache

/// The report templates (`Templates/*.mustache`, resources of this module) and the raw CSS and scripts the
/// pages inline, loaded once.
enum ReportTemplates {
    struct Missing: Error, CustomStringConvertible {
        var name: String
        var description: String { "the report template \(name) is missing from the Report module's resources" }
    }

    static let folder: URL? = Bundle.module.url(forResource: "Templates", withExtension: nil)

    /// Every template, or why they could not be read (a template that does not parse names itself here).
    static let loaded: (library: MustacheLibrary?, problem: String?) = {
        guard let folder else { return (nil, Missing(name: "Templates").description) }
        var library = MustacheLibrary()
        do {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mustache") }
            for file in files.sorted() {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                do {
                    try library.register(text, named: String(file.dropLast(".mustache".count)))
                } catch {
                    return (nil, "the report template \(file) does not parse: \(error)")
                }
            }
        } catch {
            return (nil, "cannot read the report templates: \(error)")
        }
        return (library, nil)
    }()

    struct Problem: Error, CustomStringConvertible { var description: String }

    /// `name`.mustache rendered with `context` (its partials from the same folder).
    static func render(_ name: String, _ context: Any) throws -> String {
        guard let library = loaded.library else { throw Problem(description: loaded.problem ?? "no report templates") }
        guard let text = library.render(context, withTemplate: name) else { throw Missing(name: name + ".mustache") }
        return text
    }

    /// A resource file's text, as is (CSS and scripts are inlined with `{{{ }}}`).
    static func text(_ file: String) throws -> String {
        guard let folder, let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
            throw Missing(name: file)
        }
        return text
    }
}
