namespace Huayang.Gis.Core.Crs;

/// <summary>GCJ-02 longitude, latitude, through <see cref="ChineseWebCoordinates"/>.</summary>
internal sealed class Gcj02Conversion : Wgs84Conversion
{
    public static Gcj02Conversion Instance { get; } = new();

    public override void ToWgs84(ref double x, ref double y) => (x, y) = ChineseWebCoordinates.Gcj02ToWgs84(x, y);

    public override void FromWgs84(ref double x, ref double y) => (x, y) = ChineseWebCoordinates.Wgs84ToGcj02(x, y);
}

/// <summary>BD-09 longitude, latitude, through <see cref="ChineseWebCoordinates"/>.</summary>
internal sealed class Bd09Conversion : Wgs84Conversion
{
    public static Bd09Conversion Instance { get; } = new();

    public override void ToWgs84(ref double x, ref double y) => (x, y) = ChineseWebCoordinates.Bd09ToWgs84(x, y);

    public override void FromWgs84(ref double x, ref double y) => (x, y) = ChineseWebCoordinates.Wgs84ToBd09(x, y);
}
