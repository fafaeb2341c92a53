-- One row per load (a file, or a sheet of a workbook): what the ingest read, loaded and
-- rejected. Text as written is masked where it looks like a CPR number.

with

loads as (
    select * from {{ ref('stg_loads') }}
),

named as (
    select
        *,
        regexp_extract(source_file, '[^/\\]+$') as file_name,
        row_number() over (
            partition by source_file, entity order by loaded_at desc, load_id desc
        ) as newest_first
    from loads
),

final as (
    select
        load_id,
        {{ mask_cpr('file_name') }} as file_name,
        {{ mask_cpr('source_file') }} as source_file,
        entity,
        rows_read,
        rows_loaded,
        rows_rejected,
        unknown_codes,
        loaded_at,
        newest_first = 1 as is_latest_of_file
    from named
)

select * from final
