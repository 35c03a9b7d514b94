using System.Text.Json;
using System.Text.Json.Nodes;
using Huayang.Gis.Core.IO;
using Huayang.Gis.Core.Model;
using Huayang.Gis.Core.Store;

namespace Huayang.Gis.Server.Features;

/// <summary>
/// OGC API – Features Part 4 (draft 20-002r1): POST to items (201 + <c>Location</c>), PUT, PATCH (JSON Merge Patch) and
/// DELETE on a feature, OPTIONS listing the allowed methods, and the history of a feature. Only the layers the registry
/// marks editable, only on a store that keeps edits (<see cref="IFeatureEditor"/>; the embedded store answers 405), only
/// with an API key (<see cref="ApiKeys"/>). Every body is read and checked as a load reads a file's feature
/// (<see cref="FeatureBody"/>); a refused edit changes nothing.
/// </summary>
public static class EditEndpoints
{
    /// <summary>The Part 4 classes passed, under the older and the newer URIs.</summary>
    public static IReadOnlyList<string> ConformanceClasses { get; } =
    [
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update",
        "http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/features",
        "http://www.opengis.net/spec/ogcapi-common-5/1.0/conf/create-replace-delete",
        "http://www.opengis.net/spec/ogcapi-common-5/1.0/conf/update",
        "http://www.opengis.net/spec/ogcapi-common-5/1.0/conf/optimistic-locking-etags",
    ];

    /// <summary>The largest body taken, in bytes (a feature of the plan is a few kilobytes; beyond this 413).</summary>
    public const int MaxBodyBytes = 4 << 20;

    internal const string MergePatch = "application/merge-patch+json";

    public static IServiceCollection AddEditing(this IServiceCollection services) =>
        services.AddSingleton(provider => new ApiKeys(provider.GetRequiredService<IConfiguration>()));

    public static IEndpointRouteBuilder MapEditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/collections/{collectionId}/items").WithTags("OGC API – Features Part 4");
        group.MapPost("", Create).WithName("createFeature").WithSummary("Adds a feature (API key); 201 with Location and ETag")
            .Produces(StatusCodes.Status201Created, contentType: Urls.GeoJson).WithEditProblems();
        group.MapPut("/{featureId}", (HttpContext c, string collectionId, string featureId, ISpatialStore s, ApiKeys k, CancellationToken t) =>
            Change(c, collectionId, featureId, EditOperation.Replace, s, k, t))
            .WithName("replaceFeature").WithSummary("Replaces a feature (API key, If-Match)")
            .Produces(StatusCodes.Status204NoContent).WithEditProblems();
        group.MapPatch("/{featureId}", (HttpContext c, string collectionId, string featureId, ISpatialStore s, ApiKeys k, CancellationToken t) =>
            Change(c, collectionId, featureId, EditOperation.Update, s, k, t))
            .WithName("updateFeature").WithSummary("Changes fields or the geometry of a feature by JSON Merge Patch (API key, If-Match)")
            .Produces(StatusCodes.Status204NoContent).WithEditProblems();
        group.MapDelete("/{featureId}", (HttpContext c, string collectionId, string featureId, ISpatialStore s, ApiKeys k, CancellationToken t) =>
            Change(c, collectionId, featureId, EditOperation.Delete, s, k, t))
            .WithName("deleteFeature").WithSummary("Deletes a feature (API key, If-Match); its history keeps it")
            .Produces(StatusCodes.Status204NoContent).WithEditProblems();
        group.MapMethods("", ["OPTIONS"], (HttpContext c, string collectionId, ISpatialStore s, CancellationToken t) => Options(c, collectionId, false, s, t))
            .ExcludeFromDescription();
        group.MapMethods("/{featureId}", ["OPTIONS"], (HttpContext c, string collectionId, ISpatialStore s, CancellationToken t) => Options(c, collectionId, true, s, t))
            .ExcludeFromDescription();
        group.MapPost("/{featureId}/history/{seq:long}/restore", Restore)
            .WithName("restoreFeature").WithSummary("Puts back the state a history entry recorded (a deleted feature: as it was before the delete)")
            .Produces(StatusCodes.Status201Created, contentType: Urls.GeoJson).Produces(StatusCodes.Status204NoContent).WithEditProblems();
        group.MapGet("/{featureId}/history", History)
            .WithName("getFeatureHistory").WithSummary("Every change of a feature: who (key name), when, what, before and after")
            .Produces(StatusCodes.Status200OK, contentType: Urls.Json).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>The refusals an edit may meet, in the OpenAPI document.</summary>
    private static RouteHandlerBuilder WithEditProblems(this RouteHandlerBuilder route) => route
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status405MethodNotAllowed)
        .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status428PreconditionRequired).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    /// <summary>The methods a collection's items (or one item) allow on this server.</summary>
    private static string Allowed(LayerDefinition layer, ISpatialStore store, bool item) =>
        layer.Editable && store is IFeatureEditor
            ? item ? "GET, PUT, PATCH, DELETE, OPTIONS" : "GET, POST, OPTIONS"
            : "GET, OPTIONS";

    private static async Task<IResult> Options(HttpContext context, string collectionId, bool item, ISpatialStore store, CancellationToken cancellationToken)
    {
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (CollectionCatalog.Find(registry, collectionId) is not { } info)
        {
            return FeatureEndpoints.UnknownCollection(registry, collectionId);
        }

        context.Response.Headers.Allow = info.Family is null ? Allowed(registry.Get(info.Layer), store, item) : "GET, OPTIONS";
        if (item)
        {
            context.Response.Headers["Accept-Patch"] = MergePatch;
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> Create(
        HttpContext context, string collectionId, ISpatialStore store, ApiKeys keys, CancellationToken cancellationToken)
    {
        var (layer, editor, keyName, refused) = await AdmitAsync(context, collectionId, false, store, keys, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (body, crs, problem) = await EditBodies.ReadBodyAsync(context.Request, [Urls.GeoJson, Urls.Json], cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        // The server names a feature sent without an id (Part 4: the server assigns it).
        var definition = layer!;
        var (given, badId) = EditBodies.IdOf(body!);
        if (badId is not null)
        {
            return badId;
        }

        var id = given ?? $"{definition.Name}-{Guid.NewGuid():N}"[..(definition.Name.Length + 13)];
        body!["id"] = id;
        var (feature, invalid) = await EditBodies.CheckAsync(definition, body, crs, store, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var result = await editor!.EditAsync(new FeatureEdit(definition.Name, id, EditOperation.Create, feature, null, keyName!), cancellationToken);
        if (result.Status != EditStatus.Done)
        {
            return Refusal(context, result, definition.Name, id);
        }

        context.Response.Headers.ETag = result.ETag;
        return TypedResults.Created(new Urls(context.Request).To($"/collections/{definition.Name}/items/{Uri.EscapeDataString(id)}"), (object?)null);
    }

    private static async Task<IResult> Change(
        HttpContext context, string collectionId, string featureId, EditOperation operation, ISpatialStore store, ApiKeys keys,
        CancellationToken cancellationToken)
    {
        var (layer, editor, keyName, refused) = await AdmitAsync(context, collectionId, true, store, keys, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0 || ifMatch == "*")
        {
            if (keys.RequireIfMatch && ifMatch.Length == 0)
            {
                return Problem(StatusCodes.Status428PreconditionRequired, "If-Match required",
                    $"send If-Match with the feature's ETag (GET /collections/{layer!.Name}/items/{featureId} gives it), so that an edit never overwrites one it has not seen");
            }

            ifMatch = null!;
        }

        Core.Model.LayerDefinition definition = layer!;
        NetTopologySuite.Features.IFeature? feature = null;
        if (operation != EditOperation.Delete)
        {
            var (body, crs, problem) = await EditBodies.ReadBodyAsync(
                context.Request, operation == EditOperation.Update ? [MergePatch, Urls.Json] : [Urls.GeoJson, Urls.Json], cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            var (bodyId, badId) = EditBodies.IdOf(body!);
            if (badId is not null)
            {
                return badId;
            }

            if (bodyId is not null && bodyId != featureId)
            {
                return Problem(StatusCodes.Status400BadRequest, "The id disagrees with the address",
                    $"the body's id \"{bodyId}\" is not \"{featureId}\", the feature addressed; ids cannot be changed", field: "id", value: bodyId);
            }

            if (operation == EditOperation.Update)
            {
                // The patch applies to the feature as it is now, written in the patch's CRS; the version read first is
                // the one the edit must still find (unless the client named its own).
                if (await editor!.CurrentAsync(definition.Name, featureId, cancellationToken) is not var (stored, current))
                {
                    return ApiProblems.NotFound($"collection \"{definition.Name}\" has no feature \"{featureId}\"");
                }

                var outputCrs = OutputCrs.Find(crs.Uri) ?? OutputCrs.Crs84;
                var target = JsonNode.Parse(FeaturesJson.Write(w => FeaturesJson.Feature(w, stored, outputCrs, [])))!.AsObject();
                target.Remove("links");
                body = EditBodies.MergePatchInto(target, body!)!.AsObject();
                ifMatch ??= current;
            }

            body!["id"] = featureId;
            var (checkedFeature, invalid) = await EditBodies.CheckAsync(definition, body, crs, store, cancellationToken);
            if (invalid is not null)
            {
                return invalid;
            }

            feature = checkedFeature;
        }

        var result = await editor!.EditAsync(new FeatureEdit(definition.Name, featureId, operation, feature, ifMatch, keyName!), cancellationToken);
        if (result.Status != EditStatus.Done)
        {
            return Refusal(context, result, definition.Name, featureId);
        }

        if (result.ETag is not null)
        {
            context.Response.Headers.ETag = result.ETag;
        }

        return TypedResults.NoContent();
    }

    private static async Task<IResult> Restore(
        HttpContext context, string collectionId, string featureId, long seq, ISpatialStore store, ApiKeys keys, CancellationToken cancellationToken)
    {
        var (layer, editor, keyName, refused) = await AdmitAsync(context, collectionId, true, store, keys, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var definition = layer!;
        var history = await editor!.HistoryAsync(definition.Name, featureId, cancellationToken);
        var (entry, state, refusal) = HistoryRestore.Choose(history, definition.Name, featureId, seq);
        if (entry is null)
        {
            return ApiProblems.NotFound($"{refusal} (GET …/items/{featureId}/history lists them)");
        }

        if (state is null)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "Nothing to restore", refusal!);
        }

        var current = await editor.VersionAsync(definition.Name, featureId, cancellationToken);
        var ifMatch = context.Request.Headers.IfMatch.ToString() is { Length: > 0 } given && given != "*" ? given : null;
        if (current is not null && ifMatch is null && keys.RequireIfMatch)
        {
            return Problem(StatusCodes.Status428PreconditionRequired, "If-Match required",
                $"{definition.Name}/{featureId} exists: send If-Match with its ETag so that restoring never overwrites a change you have not seen");
        }

        var body = JsonNode.Parse(state)!.AsObject();
        var (feature, invalid) = await EditBodies.CheckAsync(definition, body, Core.Crs.CrsId.Crs84, store, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var result = await editor.EditAsync(
            new FeatureEdit(definition.Name, featureId, EditOperation.Restore, feature, current is null ? null : ifMatch, keyName!), cancellationToken);
        if (result.Status != EditStatus.Done)
        {
            return Refusal(context, result, definition.Name, featureId);
        }

        context.Response.Headers.ETag = result.ETag;
        return TypedResults.NoContent();
    }

    private static async Task<IResult> History(
        HttpContext context, string collectionId, string featureId, ISpatialStore store, CancellationToken cancellationToken)
    {
        if ((ApiProblems.Unknown(context.Request.Query, []) ?? ApiProblems.Repeated(context.Request.Query)) is { } bad)
        {
            return bad;
        }

        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (CollectionCatalog.Find(registry, collectionId) is not { } info)
        {
            return FeatureEndpoints.UnknownCollection(registry, collectionId);
        }

        if (store is not IFeatureEditor editor || !registry.Get(info.Layer).Editable)
        {
            return ApiProblems.NotFound($"collection \"{info.Id}\" keeps no history: {WhyNotEditable(registry.Get(info.Layer), store)}");
        }

        var entries = await editor.HistoryAsync(info.Layer, featureId, cancellationToken);
        if (entries.Count == 0 && await store.GetFeatureAsync(info.Layer, featureId, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"collection \"{info.Id}\" has no feature \"{featureId}\" and never had one");
        }

        return TypedResults.Bytes(FeaturesJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("collection", info.Id);
            w.WriteString("featureId", featureId);
            w.WriteStartArray("changes");
            foreach (var entry in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("seq", entry.Seq);
                w.WriteString("operation", entry.Operation);
                w.WriteString("key", entry.KeyName);
                w.WriteString("at", entry.At.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                w.WritePropertyName("before");
                WriteRaw(w, entry.Before);
                w.WritePropertyName("after");
                WriteRaw(w, entry.After);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }), Urls.Json);
    }

    private static void WriteRaw(Utf8JsonWriter writer, string? json)
    {
        if (json is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json);
        }
    }

    /// <summary>The collection, the editor and the key's name, or the refusal: 404, 405 (with Allow), 401.</summary>
    private static async Task<(LayerDefinition? Layer, IFeatureEditor? Editor, string? KeyName, IResult? Refused)> AdmitAsync(
        HttpContext context, string collectionId, bool item, ISpatialStore store, ApiKeys keys, CancellationToken cancellationToken)
    {
        var registry = (await store.GetStateAsync(cancellationToken)).Layers;
        if (CollectionCatalog.Find(registry, collectionId) is not { } info)
        {
            return (null, null, null, FeatureEndpoints.UnknownCollection(registry, collectionId));
        }

        var layer = registry.Get(info.Layer);
        if (info.Family is not null)
        {
            context.Response.Headers.Allow = "GET, OPTIONS";
            return (null, null, null, Problem(StatusCodes.Status405MethodNotAllowed, "Not editable",
                $"{info.Id} is a view of the {info.Family.Value.Word()} of the layer {info.Layer}: edit its features at /collections/{info.Layer}/items"));
        }
        if (!layer.Editable || store is not IFeatureEditor editor)
        {
            context.Response.Headers.Allow = Allowed(layer, store, item);
            return (null, null, null, Problem(StatusCodes.Status405MethodNotAllowed, "Not editable", WhyNotEditable(layer, store)));
        }

        if (keys.NameOf(context.Request) is not { } name)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"huayang\"";
            return (null, null, null, Problem(StatusCodes.Status401Unauthorized, "API key required",
                context.Request.Headers.Authorization.Count == 0
                    ? "writing needs an API key: send Authorization: Bearer <key> (huayang key new <name> makes one)"
                    : "the key in Authorization is not one of the configured keys (Editing:Keys)"));
        }

        return (layer, editor, name, null);
    }

    private static string WhyNotEditable(LayerDefinition layer, ISpatialStore store) =>
        !layer.Editable
            ? $"the layer {layer.Name} is changed by a load, not by edits; the editable layers are the sites and the plan"
            : "edits need the PostGIS store: the embedded store keeps its data in memory, and an edit that vanished at restart would be lost work";

    private static IResult Refusal(HttpContext context, EditResult result, string layer, string id)
    {
        if (result.ETag is not null)
        {
            context.Response.Headers.ETag = result.ETag;
        }

        return result.Status switch
        {
            EditStatus.NotFound => ApiProblems.NotFound($"collection \"{layer}\" has no feature \"{id}\""),
            EditStatus.Exists => Problem(StatusCodes.Status409Conflict, "The id is taken",
                $"collection \"{layer}\" already has a feature \"{id}\" (version {result.ETag}); PUT or PATCH changes it", field: "id", value: id),
            EditStatus.VersionMismatch => TypedResults.Problem(
                statusCode: StatusCodes.Status412PreconditionFailed,
                title: "The feature has changed",
                detail: $"If-Match {context.Request.Headers.IfMatch} is not the current version {result.ETag} of {layer}/{id}: someone else changed it; read it again (GET) and apply your change to that",
                extensions: new Dictionary<string, object?> { ["currentVersion"] = result.ETag }),
            _ => EditBodies.Invalid(result.Problems),
        };
    }

    internal static IResult Problem(int status, string title, string detail, string? field = null, string? value = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail,
            extensions: field is null ? null : new Dictionary<string, object?> { ["field"] = field, ["value"] = value });
}
