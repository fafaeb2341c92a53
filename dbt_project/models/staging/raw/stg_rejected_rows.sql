with

source as (
    select * from {{ source('raw', '_rejected_rows') }}
),

renamed as (
    select
        load_id,
        source as source_file,
        entity,
        line as source_line,
        column_name,
        reason,
        row_json
    from source
)

select * from renamed
