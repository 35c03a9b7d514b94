namespace Huayang.Gis.Core.Analysis;

/// <summary>The bounds the CLI and the HTTP API put on analysis questions, so that both refuse the same input.</summary>
public static class AnalysisLimits
{
    /// <summary>The most sites a nearest-sites question may ask for.</summary>
    public const int MaxK = 1000;

    /// <summary>The largest radius of a within question, in metres (the street is about 7 km across).</summary>
    public const double MaxRadiusM = 100_000;

    /// <summary>The longest walk a service area may be asked for, in metres: 5 km, over an hour on foot.</summary>
    public const double MaxServiceAreaM = 5_000;

    /// <summary>The most rings one service-area question may ask for.</summary>
    public const int MaxServiceAreaRings = 5;

    /// <summary>The most site ids one service-area question may name.</summary>
    public const int MaxServiceAreaSites = 100;
}
