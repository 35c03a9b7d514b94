namespace Huayang.Gis.PostGis.Tests.Loading;

public sealed class DatasetChecksumTests
{
    [Fact]
    public void The_checksum_is_sha256_hex_stable_and_changes_with_any_byte_or_name()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("b.geojson"), "{}");
        File.WriteAllText(directory.File("a.geojson"), "[]");
        var first = DatasetChecksum.Compute(directory.Path);

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, DatasetChecksum.Compute(directory.Path));

        File.WriteAllText(directory.File("a.geojson"), "[ ]");
        var changedBytes = DatasetChecksum.Compute(directory.Path);
        Assert.NotEqual(first, changedBytes);

        File.Move(directory.File("a.geojson"), directory.File("c.geojson"));
        Assert.NotEqual(changedBytes, DatasetChecksum.Compute(directory.Path));
    }

    [Fact]
    public void A_single_file_has_a_checksum_of_its_own()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("sites.geojson"), "{}");
        Assert.Equal(DatasetChecksum.Compute(directory.Path), DatasetChecksum.Compute(directory.File("sites.geojson")));
        Assert.Throws<FileNotFoundException>(() => DatasetChecksum.Compute(directory.File("missing")));
    }
}
