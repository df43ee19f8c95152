/** MLflow's data model: experiments, runs, params, metrics, tags, datasets and logged models. */
package io.jmlflow.entities;
