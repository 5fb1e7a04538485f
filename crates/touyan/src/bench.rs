//! City-scale data generator and benchmark (being written).

use touyan_storage::Store;

#[derive(clap::Args)]
pub struct BenchArgs {}

#[derive(Default)]
pub struct CityShape {}

pub async fn generate_city(_store: &Store, _shape: &CityShape) -> anyhow::Result<()> {
    anyhow::bail!("the city-scale generator is not built yet")
}

pub async fn run(_args: BenchArgs) -> anyhow::Result<()> {
    anyhow::bail!("the benchmark is not built yet")
}
