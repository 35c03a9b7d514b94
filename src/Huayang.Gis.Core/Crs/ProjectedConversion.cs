using ProjNet.CoordinateSystems.Transformations;

namespace Huayang.Gis.Core.Crs;

/// <summary>
/// A map projection run by ProjNET, with one <see cref="MathTransform"/> per direction.
/// </summary>
/// <remarks>
/// ProjNET 2.0 does not document its transforms as thread-safe, and parts are not:
/// <c>MathTransform.Invert()</c> flips a flag on the shared instance, and
/// <c>ConcatenatedTransform.Inverse()</c> publishes its cached inverse before inverting it.
/// This class calls neither. Both directions are created once, up front, by
/// <see cref="CoordinateTransformationFactory"/> and must be plain map projections
/// (<see cref="ProjectedCrsDefinitions"/> checks). A map projection's
/// <c>Transform(ref x, ref y)</c> only reads fields set in its constructor (checked against the
/// 2.0.0 assembly: after construction only <c>Invert()</c> and <c>Inverse()</c> write any), so
/// the instances are shared by all threads without locks. They allocate nothing per point.
/// </remarks>
internal sealed class ProjectedConversion(MathTransform forward, MathTransform inverse) : Wgs84Conversion
{
    public override void ToWgs84(ref double x, ref double y) => inverse.Transform(ref x, ref y);

    public override void FromWgs84(ref double x, ref double y) => forward.Transform(ref x, ref y);
}
