"""MMM tools' output files in their documented shapes, for the curve import tests.

Each constant names the tool, version and source file whose output it follows.
"""

from __future__ import annotations

from pathlib import Path

# Robyn 3.10-3.12, R/R/pareto.R + outputs.R: pareto_hyperparameters.csv has one row per pareto model:
# solID, then <channel>_alphas/_gammas/_thetas (geometric adstock), lambda, train_size and the errors;
# pareto_aggregated.csv has one row per model and variable (rn) with its coef and decomposition.
ROBYN_HYPER = (
    (
        "solID,cluster,top_sol,facebook_S_alphas,facebook_S_gammas,facebook_S_thetas,"
        "search_S_alphas,search_S_gammas,search_S_thetas,lambda,train_size,nrmse,decomp.rssd,mape,rsq_train,iterNG,iterPar\n"
    )
    + """1_92_3,1,TRUE,2.1,0.55,0.3,1.2,0.4,0.1,0.0012,0.7,0.081,0.12,0,0.91,92,3
2_40_1,2,TRUE,1.9,0.6,0.25,1.3,0.45,0.12,0.0011,0.7,0.083,0.11,0,0.9,40,1
"""
)
ROBYN_AGGREGATED = """solID,rn,coef,xDecompAgg,xDecompPerc,mean_spend,total_spend,roi_total,cluster
1_92_3,facebook_S,52000.5,1200000,0.2,4000,400000,3.0,1
1_92_3,search_S,30000,800000,0.13,2500,250000,3.2,1
1_92_3,trend,0.4,100000,0.02,,,,1
2_40_1,facebook_S,50000,1150000,0.19,4000,400000,2.9,2
2_40_1,search_S,31000,810000,0.14,2500,250000,3.24,2
"""


def write_robyn(tmp_path: Path, hyper: str = ROBYN_HYPER) -> Path:
    folder = tmp_path / "Robyn_202506"
    folder.mkdir()
    (folder / "pareto_aggregated.csv").write_text(ROBYN_AGGREGATED, encoding="utf-8")
    path = folder / "pareto_hyperparameters.csv"
    path.write_text(hyper, encoding="utf-8")
    return path


# Robyn 3.12 R/R/json.R robyn_write(): {"InputCollect": {... "adstock", "dayInterval", "intervalType",
# "dep_var_type" ...}, "ExportedModel": {"select_model", "summary": [{variable, coef, decompPer, decompAgg,
# performance, mean_response, mean_spend}], "errors", "hyper_values": {"<ch>_alphas": [..], ..., "lambda"}}};
# jsonlite writes R scalars as one-element arrays.
ROBYN_JSON = {
    "InputCollect": {
        "date_var": ["DATE"],
        "dayInterval": [1],
        "intervalType": ["day"],
        "dep_var": ["revenue"],
        "dep_var_type": ["revenue"],
        "paid_media_spends": ["tiktok_S"],
        "adstock": ["geometric"],
        "window_start": ["2024-01-01"],
        "window_end": ["2024-12-31"],
    },
    "ExportedModel": {
        "select_model": ["3_15_2"],
        "summary": [
            {"variable": "tiktok_S", "coef": 1800.25, "decompPer": 0.12, "performance": 2.4, "mean_spend": 310.5},
            {"variable": "intercept", "coef": 5000, "decompPer": 0.5},
        ],
        "errors": [{"rsq_train": 0.9, "nrmse": 0.08, "decomp.rssd": 0.1, "mape": 0}],
        "hyper_values": {
            "lambda": [0.002],
            "tiktok_S_alphas": [1.6],
            "tiktok_S_gammas": [0.5],
            "tiktok_S_thetas": [0.2],
            "train_size": [0.7],
        },
    },
}


# Meridian 1.x: az.summary(mmm.inference_data, var_names=["ec_m", "slope_m", "alpha_m", "beta_m"]) written
# with .to_csv(): index column "", then mean, sd, hdi_3%, hdi_97%, mcse_mean, mcse_sd, ess_bulk, ess_tail,
# r_hat; rows "<param>[<media_channel>]". Meridian scales media by the channel's median and uses normalized
# geometric adstock weights alpha^l / sum(alpha^l).
MERIDIAN_SUMMARY = """,mean,sd,hdi_3%,hdi_97%,mcse_mean,mcse_sd,ess_bulk,ess_tail,r_hat
alpha_m[Channel0],0.45,0.05,0.36,0.54,0.001,0.001,2100.0,1800.0,1.0
alpha_m[Channel1],0.2,0.03,0.15,0.26,0.001,0.001,2000.0,1700.0,1.0
beta_m[Channel0],0.35,0.1,0.16,0.54,0.002,0.001,1900.0,1600.0,1.0
beta_m[Channel1],-0.4,0.1,-0.59,-0.21,0.002,0.001,1950.0,1650.0,1.0
ec_m[Channel0],1.8,0.3,1.25,2.36,0.005,0.004,2200.0,1900.0,1.0
ec_m[Channel1],0.9,0.15,0.62,1.18,0.003,0.002,2300.0,2000.0,1.0
slope_m[Channel0],1.3,0.2,0.93,1.67,0.004,0.003,2050.0,1750.0,1.0
slope_m[Channel1],1.0,0.1,0.81,1.19,0.002,0.002,2150.0,1850.0,1.0
beta_gm[geo0, Channel0],0.34,0.1,0.15,0.53,0.002,0.001,1900.0,1600.0,1.0
sigma,0.12,0.01,0.1,0.14,0.0,0.0,3000.0,2500.0,1.0
"""


# PyMC-Marketing 0.8-0.15: az.summary(mmm.fit_result, var_names=["saturation_lam", "saturation_beta",
# "adstock_alpha"]).to_csv(); rows "<param>[<channel>]"; MMM(adstock=GeometricAdstock(l_max=8),
# saturation=LogisticSaturation()) with max-abs scaled channels and target; adstock normalize=True.
PYMC_SUMMARY = """,mean,sd,hdi_3%,hdi_97%,mcse_mean,mcse_sd,ess_bulk,ess_tail,r_hat
adstock_alpha[x1],0.4,0.05,0.31,0.49,0.001,0.001,2600.0,2400.0,1.0
adstock_alpha[x2],0.15,0.04,0.08,0.22,0.001,0.001,2500.0,2300.0,1.0
saturation_beta[x1],0.35,0.03,0.29,0.41,0.001,0.0,2700.0,2500.0,1.0
saturation_beta[x2],0.25,0.04,0.18,0.32,0.001,0.0,2650.0,2450.0,1.0
saturation_lam[x1],3.2,0.5,2.3,4.1,0.01,0.007,2400.0,2200.0,1.0
saturation_lam[x2],1.5,0.3,0.95,2.05,0.006,0.004,2450.0,2250.0,1.0
intercept,0.2,0.02,0.16,0.24,0.0,0.0,3000.0,2700.0,1.0
"""
