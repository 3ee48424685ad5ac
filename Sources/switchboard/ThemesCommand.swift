import ArgumentParser
import ConsoleKit
import Foundation
import SwitchboardConsole

/// `switchboard themes list|check`: the themes the console can use, and a checker for theme files.
struct ThemesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes", abstract: "List colour themes and check theme files.",
        subcommands: [List.self, Check.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the themes found in the theme folders.")
        func run() throws {
            let loader = ThemeLoader.standard()
            for name in loader.availableThemes() { print(name) }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Load theme files and report every problem with file and line.")
        @Argument(help: "Theme names or .toml paths.") var themes: [String]
        func run() throws {
            let loader = ThemeLoader.standard()
            var failed = 0
            for name in themes {
                do throws(ThemeError) {
                    let theme = try loader.load(name)
                    print("ok  \(name) (\(theme.name), \(theme.isDark ? "dark" : "light"))")
                } catch {
                    FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
                    failed += 1
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
