using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace Huayang.Gis.Cli.Output;

/// <summary>Writers for the CLI's formats: Spectre tables for people, JSON (snake_case, Chinese unescaped) for programs.</summary>
internal static class CliOutput
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    public static Task WriteJsonAsync<T>(TextWriter writer, T value) =>
        writer.WriteLineAsync(JsonSerializer.Serialize(value, Json));

    /// <summary>A console that writes to <paramref name="writer"/>; wide when not a terminal so tables do not wrap.</summary>
    public static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = writer == System.Console.Out && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (writer != System.Console.Out || System.Console.IsOutputRedirected)
        {
            console.Profile.Width = 160;
        }
        return console;
    }

    /// <summary>Metres with one decimal, invariant culture.</summary>
    public static string Metres(double? metres) =>
        metres is { } m ? m.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) : "–";

    /// <summary>A share as a percentage with one decimal.</summary>
    public static string Percent(double share) =>
        (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}
