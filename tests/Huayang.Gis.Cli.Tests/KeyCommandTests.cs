using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Huayang.Gis.Cli.Tests;

/// <summary><c>huayang key new NAME</c>: a fresh key each time and the configuration line holding its SHA-256 (computed
/// here independently), never the key; a bad name is refused with exit 2.</summary>
public sealed partial class KeyCommandTests
{
    [Fact]
    public async Task Prints_a_fresh_key_and_the_configuration_line_with_its_sha256()
    {
        var (key1, line1) = await RunAsync("alice");
        var (key2, _) = await RunAsync("alice");
        Assert.NotEqual(key1, key2);
        Assert.True(key1.Length >= 43, key1);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key1)));
        Assert.Equal($"Editing__Keys__alice={hash}", line1);
        Assert.DoesNotContain(key1, line1, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("名字")]
    public async Task A_bad_name_is_refused(string name)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["key", "new", name], output, error);
        Assert.Equal(HuayangCli.BadArguments, code);
        Assert.Contains("key name", error.ToString(), StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    private static async Task<(string Key, string Line)> RunAsync(string name)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await HuayangCli.RunAsync(["key", "new", name], output, error);
        Assert.True(code == HuayangCli.Success, error.ToString());
        var text = output.ToString();
        var key = KeyLine().Match(text);
        var line = ConfigurationLine().Match(text);
        Assert.True(key.Success && line.Success, text);
        return (key.Groups[1].Value, line.Groups[1].Value);
    }

    [GeneratedRegex(@"^key: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^configuration: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ConfigurationLine();
}
