using System.Net.Sockets;
using Microsoft.Extensions.Configuration.Json;

namespace Huayang.Gis.Server.Hosting;

/// <summary>Start-up chores: where configuration comes from, checked options, and a one-line cause when listening fails.</summary>
internal static class ServerHost
{
    /// <summary>
    /// The content root: <c>--contentRoot</c> or <c>ASPNETCORE_CONTENTROOT</c> when given, else the folder of the server's
    /// assembly, so <c>appsettings.json</c> beside it is found whatever the working directory is.
    /// </summary>
    public static string ContentRoot(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            foreach (var prefix in new[] { "--contentRoot=", "--contentroot=", "/contentRoot=" })
            {
                if (arg.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    return arg[prefix.Length..];
                }
            }
            if ((arg.Equals("--contentRoot", StringComparison.OrdinalIgnoreCase) || arg.Equals("/contentRoot", StringComparison.OrdinalIgnoreCase))
                && i + 1 < args.Length)
            {
                return args[i + 1];
            }
        }
        return Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : AppContext.BaseDirectory;
    }

    /// <summary>Binds a section (defaults where absent) and checks it; a wrong value stops start-up naming the setting.</summary>
    /// <exception cref="InvalidOperationException">A value cannot be read or breaks a rule.</exception>
    public static T Bind<T>(IConfiguration configuration, string section, Func<T, string?> problem) where T : new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException($"{section}: {e.Message}", e);
        }
        return problem(options) is { } wrong ? throw new InvalidOperationException(wrong) : options;
    }

    /// <summary>Which settings files were found (full paths) besides environment and command line, for the start-up log.</summary>
    public static string DescribeSources(IConfiguration configuration, IWebHostEnvironment environment)
    {
        var files = ((IConfigurationRoot)configuration).Providers
            .OfType<JsonConfigurationProvider>()
            .Select(p => p.Source.Path is { } path && p.Source.FileProvider?.GetFileInfo(path) is { Exists: true } file
                ? file.PhysicalPath ?? path
                : null)
            .OfType<string>()
            .ToList();
        return $"content root {environment.ContentRootPath}; files: {(files.Count == 0 ? "none" : string.Join(", ", files))}; then environment variables and command line";
    }

    /// <summary>What stopped Kestrel from listening, in one line.</summary>
    public static string ListenProblem(WebApplication app, Exception e)
    {
        var addresses = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : app.Configuration["urls"] ?? "http://127.0.0.1:5080";
        var socket = e as SocketException ?? e.InnerException as SocketException ?? e.InnerException?.InnerException as SocketException;
        var cause = e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException
            || socket?.SocketErrorCode == SocketError.AddressAlreadyInUse
            ? "is already in use by another process"
            : $"cannot be listened on ({(socket?.Message ?? e.Message).Split('\n')[0]})";
        return $"{addresses} {cause}; choose another with --urls (e.g. --urls http://127.0.0.1:5081)";
    }
}
