using System.Net.Http.Headers;
using System.Text;
using OmeSim.Core.Appliances;
using OmeSim.Core.Messages;

namespace OmeSim.Http;

/// <summary>How a request authenticated, as the journal reports it.</summary>
public enum AuthKind
{
    None,
    Basic,
    Token,
}
