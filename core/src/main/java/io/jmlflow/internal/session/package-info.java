/** Internal: not public API, may change in any release. The API is io.jmlflow, .annotations, .entities and .models. */
package io.jmlflow.internal.session;
