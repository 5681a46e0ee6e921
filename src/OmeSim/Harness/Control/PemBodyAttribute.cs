using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace OmeSim.Harness.Control;

/// <summary>Marks an action that reads its body itself as PEM text, so that the OpenAPI document (and Swagger UI's "Try it out") shows a text body.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PemBodyAttribute : Attribute
{
    public static Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<PemBodyAttribute>().Any())
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "A certificate signing request as PEM; OME's one-line form is fine.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [PkiController.PemContentType] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }
        return Task.CompletedTask;
    }
}
