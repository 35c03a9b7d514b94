namespace Huayang.Gis.Server.Hosting;

/// <summary>
/// A tile or a query (a GET or HEAD of the <see cref="RequestClass.Tiles"/> or <see cref="RequestClass.Queries"/>
/// class) whose client goes away once it has been admitted runs to its end instead of being cancelled: while it
/// runs, <see cref="HttpContext.RequestAborted"/> is the server's own stopping token, and the client's is put back
/// afterwards (so the request log still says 499).
/// </summary>
/// <remarks>
/// Cancelling a PostgreSQL statement is not free: Npgsql opens a new connection to send the cancel request (PostgreSQL
/// forks a process for it) and waits for the statement to answer, on the thread that saw the client go. Measured in
/// tests/bench/http-vs-mapserver.sh at 64 connections, when wrk closed its connections between two runs the aborted
/// tile requests took up to 0.6–0.8 s to end (ASP.NET Core's request duration for status 499), the machine stood half
/// idle for that time with requests waiting, and the next run's p99 was 455–619 ms instead of about 25. These
/// statements take milliseconds and are bounded by the pool's statement timeout, so finishing one costs less than
/// cancelling it; their slots in the admission queue stay bounded as before. A browser cancels tile requests all the
/// time while a map pans. Renders and analyses keep the client's token: their work is in .NET, where a cancel is a
/// flag, and can take seconds. Edits keep it too, so that what a write does when its client goes is as before.
/// </remarks>
internal static class ShortReadsOnAbort
{
    public static IApplicationBuilder UseShortReadsToTheirEnd(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use(async (context, next) =>
        {
            if (!AppliesTo(context.Request))
            {
                await next(context);
                return;
            }

            var clientGone = context.RequestAborted;
            context.RequestAborted = stopping;
            try
            {
                await next(context);
            }
            finally
            {
                context.RequestAborted = clientGone;
            }
        });
    }

    /// <summary>True for the GET and HEAD requests of the tiles and queries classes.</summary>
    public static bool AppliesTo(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && AdmissionControl.Classify(request) is RequestClass.Tiles or RequestClass.Queries;
}
