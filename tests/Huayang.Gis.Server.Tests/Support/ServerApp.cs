using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Huayang.Gis.Server.Tests.Support;

/// <summary>The server in-process (<see cref="WebApplicationFactory{TEntryPoint}"/>) over the repository's <c>data/</c>, with no database.</summary>
public sealed class ServerApp : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Data:Directory", RepositoryData.DataDirectory);
        builder.UseSetting("ConnectionStrings:PostGis", "");
        builder.UseEnvironment("Production");
    }
}
