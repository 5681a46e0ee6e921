namespace OmeSim.Core.Appliances;

/// <summary>Settings of an <see cref="RsaKeyPool"/>.</summary>
public sealed class RsaKeyPoolOptions
{
    /// <summary>How many keys are kept ready; 0 turns the pool off (every key is made on demand). Default 2.</summary>
    public int Capacity { get; set; } = 2;

    /// <summary>False: keys are made ahead only after <see cref="RsaKeyPool.StartFilling"/> (a starting process keeps its cores). Default true.</summary>
    public bool FillAtOnce { get; set; } = true;

    /// <summary>The size of the keys, in bits. Default 2048, what OME's GenerateCSR makes.</summary>
    public int KeySize { get; set; } = 2048;
}
